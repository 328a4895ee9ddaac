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
  | 'anyNameSoundex'
  | 'nameSoundexSet'
  | 'streetWord'
  | 'birthDate'
  | 'birthYear'
  | 'birthYearMonth'
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

/** The block size cap that applies to a rule: its own when it has one, else the engine's. */
export function blockCap(rule: BlockingRule, engineCap: number): number {
  return rule.maxBlockSize ?? engineCap;
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
  anyNameSoundex: undefined,
  nameSoundexSet: 'givenName',
  streetWord: 'street',
  birthDate: 'birthDate',
  birthYear: 'birthDate',
  birthYearMonth: 'birthDate',
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
  'givenName',
  'familyName',
  'birthDate',
  'postcode',
  'streetNumber',
  'street',
  'locality',
  'email',
  'phone',
  'handle',
  'nationalId',
]);

/**
 * Default rules. Identifiers first (cheap, small blocks); then name, date and address combinations
 * chosen so that a duplicate with typos in any two fields still shares at least one key with its
 * original, while no key is so coarse that blocks grow with the square of the population.
 *
 * Keys whose parts have few values (a birth date, a birth year, a town) with only a weak part beside them
 * (a given initial, the sounds of the names) fill up as the population grows: at a million generated
 * records four such rules (birth date + given initial, name sounds + birth year, name sounds + town,
 * given-name sound + street word + town) made a fifth of all comparisons, and the pairs only they
 * found were mostly coincidences, while on Febrl they added 0.0006 F1 to what the other rules find.
 * They are not defaults; the birth-date rules kept pair the date with a surname's sound or an address part.
 */
export const DEFAULT_BLOCKING: BlockingRule[] = [
  { name: 'email', on: ['email'] },
  { name: 'phone', on: ['phone'] },
  { name: 'card', on: ['card'] },
  { name: 'handle', on: ['handle'] },
  { name: 'national-id', on: ['nationalId'] },
  { name: 'names-any-order', on: ['nameSet'], maxBlockSize: 40 },
  { name: 'birth-date+either-name-soundex', on: ['birthDate', 'anyNameSoundex'] },
  // A day mistyped as well: the month holds a thousand people at a million records, so only rare name sounds.
  { name: 'birth-month+either-name-soundex', on: ['birthYearMonth', 'anyNameSoundex'], maxBlockSize: 12 },
  { name: 'name-soundex-any-order', on: ['nameSoundexSet'], maxBlockSize: 12 },
  { name: 'either-name+locality', on: ['anyName', 'locality'], maxBlockSize: 12 },
  { name: 'postcode+street-number', on: ['postcode', 'streetNumber'] },
  { name: 'postcode+family-soundex', on: ['postcode', 'familySoundex'] },
  { name: 'postcode+given-soundex', on: ['postcode', 'givenSoundex'] },
  { name: 'either-name+postcode', on: ['anyName', 'postcode'] },
  { name: 'birth-date+postcode', on: ['birthDate', 'postcode'] },
  { name: 'street-word+postcode', on: ['streetWord', 'postcode'] },
  { name: 'birth-date+locality', on: ['birthDate', 'locality'] },
  { name: 'birth-date+street-number', on: ['birthDate', 'streetNumber'] },
  {
    name: 'street-word+street-number+locality',
    on: ['streetWord', 'streetNumber', 'locality'],
    maxBlockSize: 12,
  },
  { name: 'all-pairs', on: [], maxBlockSize: 2000 },
];
