import type { ComparisonName } from '../compare/levels.ts';

/** What a blocking key is made of; each part names a normalised field or a coarse code of one. */
export type BlockKeyPart =
  | 'givenName'
  | 'familyName'
  | 'givenSoundex'
  | 'familySoundex'
  | 'givenInitial'
  | 'nameSet'
  | 'anyName'
  | 'nameSoundexSet'
  | 'streetWord'
  | 'birthDate'
  | 'birthYear'
  | 'birthMonthDay'
  | 'postcode'
  | 'streetNumber'
  | 'street'
  | 'locality'
  | 'email'
  | 'phone'
  | 'card'
  | 'handle'
  | 'nationalId';

/** Records sharing a key built from all of `on` are compared. Rules are plain data so they travel in a model. */
export type BlockingRule = {
  name: string;
  on: BlockKeyPart[];
  /** A tighter block size cap than the engine's for this rule (its blocks grow with common values). */
  maxBlockSize?: number;
};

/** The block size cap that applies to a rule: its own when tighter than the engine's. */
export function blockCap(rule: BlockingRule, engineCap: number): number {
  return rule.maxBlockSize === undefined ? engineCap : Math.min(rule.maxBlockSize, engineCap);
}

/** The comparison a key part makes agree by construction: EM must not estimate it from that rule's pairs. */
export const PART_FIXES: Record<BlockKeyPart, ComparisonName | undefined> = {
  givenName: 'givenName',
  familyName: 'familyName',
  givenSoundex: 'givenName',
  familySoundex: 'familyName',
  givenInitial: 'givenName',
  // Either order: agreement is forced on the pair of name fields, so neither is estimated from it.
  nameSet: 'givenName',
  anyName: undefined,
  nameSoundexSet: 'givenName',
  streetWord: 'street',
  birthDate: 'birthDate',
  birthYear: 'birthDate',
  birthMonthDay: 'birthDate',
  postcode: 'postcode',
  streetNumber: 'streetNumber',
  street: 'street',
  locality: 'locality',
  email: 'email',
  phone: 'phone',
  card: undefined,
  handle: 'handle',
  nationalId: 'nationalId',
};

/** Parts whose key equality implies exact agreement of the comparison (others imply only a fuzzy one). */
export const EXACT_PARTS: ReadonlySet<BlockKeyPart> = new Set([
  'givenName', 'familyName', 'birthDate', 'postcode', 'streetNumber', 'street', 'locality', 'email', 'phone', 'handle', 'nationalId',
]);

/**
 * Default rules. Identifiers first (cheap, small blocks); then name, date and address combinations
 * chosen so that a duplicate with typos in any two fields still shares at least one key with its
 * original, while no key is so coarse that blocks grow with the square of the population.
 */
export const DEFAULT_BLOCKING: BlockingRule[] = [
  { name: 'email', on: ['email'] },
  { name: 'phone', on: ['phone'] },
  { name: 'card', on: ['card'] },
  { name: 'handle', on: ['handle'] },
  { name: 'national-id', on: ['nationalId'] },
  { name: 'names-any-order', on: ['nameSet'], maxBlockSize: 40 },
  { name: 'birth-date+given-initial', on: ['birthDate', 'givenInitial'] },
  { name: 'birth-date+family-soundex', on: ['birthDate', 'familySoundex'] },
  { name: 'name-sounds+birth-year', on: ['nameSoundexSet', 'birthYear'], maxBlockSize: 12 },
  { name: 'postcode+street-number', on: ['postcode', 'streetNumber'] },
  { name: 'postcode+family-soundex', on: ['postcode', 'familySoundex'] },
  { name: 'postcode+given-soundex', on: ['postcode', 'givenSoundex'] },
  { name: 'either-name+postcode', on: ['anyName', 'postcode'] },
  { name: 'birth-date+postcode', on: ['birthDate', 'postcode'] },
  { name: 'street-word+postcode', on: ['streetWord', 'postcode'] },
  { name: 'birth-date+locality', on: ['birthDate', 'locality'] },
  { name: 'birth-date+street-number', on: ['birthDate', 'streetNumber'] },
  { name: 'street-word+street-number+locality', on: ['streetWord', 'streetNumber', 'locality'], maxBlockSize: 12 },
  { name: 'name-sounds+locality', on: ['nameSoundexSet', 'locality'], maxBlockSize: 12 },
  { name: 'given-soundex+street-word+locality', on: ['givenSoundex', 'streetWord', 'locality'], maxBlockSize: 6 },
];
