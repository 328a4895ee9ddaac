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

/** The comparisons a key part makes agree by construction: EM must not estimate them from that rule's pairs. */
export const PART_FIXES: Record<BlockKeyPart, readonly ComparisonName[]> = {
  givenName: ['givenName'],
  familyName: ['familyName'],
  givenSoundex: ['givenName'],
  familySoundex: ['familyName'],
  givenInitial: ['givenName'],
  // Both names, in either order: agreement is forced on the pair of name fields, so neither is estimated.
  nameSet: ['givenName', 'familyName'],
  anyName: [],
  anyNameSoundex: [],
  nameSoundexSet: ['givenName', 'familyName'],
  streetWord: ['street'],
  birthDate: ['birthDate'],
  birthYear: ['birthDate'],
  birthYearMonth: ['birthDate'],
  birthMonthDay: ['birthDate'],
  postcode: ['postcode'],
  streetNumber: ['streetNumber'],
  street: ['street'],
  locality: ['locality'],
  email: ['email'],
  phone: ['phone'],
  card: [],
  handle: ['handle'],
  nationalId: ['nationalId'],
};

/** Key parts a household shares: its address and its landline. */
const HOUSEHOLD_PARTS: ReadonlySet<BlockKeyPart> = new Set([
  'postcode',
  'streetNumber',
  'street',
  'streetWord',
  'locality',
  'phone',
]);

/** What the people of one household have in common: a surname, an address and a landline. */
const HOUSEHOLD_COMPARISONS: readonly ComparisonName[] = [
  'familyName',
  'streetNumber',
  'street',
  'locality',
  'postcode',
  'phone',
];

/**
 * The comparisons EM leaves alone in a rule's session: those its key forces to agree, and, for a key a
 * household shares, every field a household shares. Pairs sharing an address or a landline are relatives
 * as often as duplicates, and relatives agree on the surname and the rest of the address as well:
 * estimated from such pairs, those agreements make relatives look like one person, EM counts them as
 * matches (lambda near 1), and a different given name, which is what tells relatives apart, comes out as
 * nearly no evidence (m of `different` 0.5 on generated households). Left out, the session estimates
 * what does tell a person from their relatives: given name, birth date, email, identifiers; the
 * household's fields are estimated where the key is personal (an email, a name, a date). A small file
 * compared whole is left as it is: nearly all its pairs are strangers, and on a file without personal
 * keys its estimate of how many pairs match is the one that sees the surname and the town.
 */
export function sessionFixes(rule: BlockingRule): ReadonlySet<ComparisonName> {
  const out = new Set<ComparisonName>(rule.on.flatMap((p) => PART_FIXES[p]));
  if (rule.on.some((p) => HOUSEHOLD_PARTS.has(p))) for (const c of HOUSEHOLD_COMPARISONS) out.add(c);
  return out;
}

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
