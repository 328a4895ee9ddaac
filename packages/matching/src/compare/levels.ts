import type { PreparedRecord } from '../normalise/prepare.ts';

/** Level 0 of every comparison: one side has no value, so the pair carries no evidence either way. */
export const MISSING = 0;
/** Level 1 of every comparison: the values agree exactly (the level term frequencies adjust). */
export const EXACT = 1;
/** The other levels of comparisons graded exact / close (one slip) / different. */
export const CLOSE = 2;
export const DIFFERENT = 3;

export type ComparisonName =
  | 'givenName'
  | 'familyName'
  | 'birthDate'
  | 'email'
  | 'phone'
  | 'streetNumber'
  | 'street'
  | 'locality'
  | 'postcode'
  | 'handle'
  | 'nationalId'
  /** An extra attribute compared by the kind its configuration names (see compare/attribute.ts). */
  | `attribute:${string}`;

export type ComparisonDef = {
  name: ComparisonName;
  /** Labels from most to least similar after `missing`; the index is the level. */
  levels: readonly string[];
  compare: (a: PreparedRecord, b: PreparedRecord) => number;
  /** Starting m per level for expectation-maximisation; sums to 1 over the non-missing levels. */
  initialM: readonly number[];
  /** For term-frequency adjustment of the exact level (level 1): the value whose frequency matters. */
  tfValue?: (r: PreparedRecord) => string;
  /** A short, non-identifying view of the values for explanations. */
  describe: (r: PreparedRecord) => string;
};
