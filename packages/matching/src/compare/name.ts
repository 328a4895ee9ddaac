import type { PreparedRecord } from '../normalise/prepare.ts';
import { sameGivenName } from '../normalise/nicknames.ts';
import { jaroWinklerAtLeast } from './jaro-winkler.ts';
import { MISSING, type ComparisonDef } from './levels.ts';

// Thresholds on Jaro-Winkler: 0.92 keeps one typo in a 6-letter name, 0.8 a phonetic respelling.
const CLOSE = 0.92;
const FAR = 0.8;

/** Similarity of two name fields, or undefined when either is empty. */
function similarity(x: string, y: string): number | undefined {
  return x === '' || y === '' ? undefined : jaroWinklerAtLeast(x, y, FAR);
}

/**
 * Given and family names written in each other's field (a common form-filling slip and "Family Given"
 * display names): one crossed pair agrees at least closely, and the other agrees at least far or has a
 * side missing (the other name was left out, or typed with a slip as well).
 */
export function namesSwapped(a: PreparedRecord, b: PreparedRecord): boolean {
  // Both name comparisons of a pair ask, one after the other, when both names differ; records never change.
  if (a === swappedA && b === swappedB) return swapped;
  swappedA = a;
  swappedB = b;
  swapped = crossedNamesAgree(a, b);
  return swapped;
}

let swappedA: PreparedRecord | undefined;
let swappedB: PreparedRecord | undefined;
let swapped = false;

function crossedNamesAgree(a: PreparedRecord, b: PreparedRecord): boolean {
  if ((a.given !== '' && a.given === b.given) || (a.family !== '' && a.family === b.family)) return false;
  const c1 = similarity(a.given, b.family);
  const c2 = similarity(a.family, b.given);
  if (c1 === undefined && c2 === undefined) return false;
  const agrees = (c: number | undefined) => c !== undefined && c >= CLOSE;
  const fits = (c: number | undefined) => c === undefined || c >= FAR;
  return (agrees(c1) && fits(c2)) || (agrees(c2) && fits(c1));
}

export const G_EXACT = 1;
export const G_NICKNAME = 2;
export const G_CLOSE = 3;
export const G_INITIAL = 4;
export const G_FAR = 5;
export const G_DIFFERENT = 6;

export const givenName: ComparisonDef = {
  name: 'givenName',
  levels: ['missing', 'exact', 'nickname', 'close', 'initial', 'far', 'different'],
  initialM: [0, 0.8, 0.03, 0.08, 0.02, 0.04, 0.03],
  tfValue: (r) => r.given,
  describe: (r) => r.given,
  compare(a, b) {
    if (a.given === '' || b.given === '') return MISSING;
    if (a.given === b.given) return G_EXACT;
    if (a.givenFirst === b.givenFirst || sameGivenName(a.givenForms, b.givenForms)) return G_NICKNAME;
    const jw = jaroWinklerAtLeast(a.given, b.given, FAR);
    if (jw >= CLOSE) return G_CLOSE;
    if ((a.given.length === 1 || b.given.length === 1) && a.given[0] === b.given[0]) return G_INITIAL;
    if (namesSwapped(a, b)) return G_CLOSE;
    return jw >= FAR ? G_FAR : G_DIFFERENT;
  },
};

export const F_EXACT = 1;
export const F_CLOSE = 2;
export const F_FAR = 3;
export const F_DIFFERENT = 4;

export const familyName: ComparisonDef = {
  name: 'familyName',
  levels: ['missing', 'exact', 'close', 'far', 'different'],
  initialM: [0, 0.85, 0.08, 0.04, 0.03],
  tfValue: (r) => r.family,
  describe: (r) => r.family,
  compare(a, b) {
    if (a.family === '' || b.family === '') return MISSING;
    if (a.family === b.family) return F_EXACT;
    const jw = jaroWinklerAtLeast(a.family, b.family, FAR);
    if (jw >= CLOSE) return F_CLOSE;
    if (namesSwapped(a, b)) return F_CLOSE;
    return jw >= FAR ? F_FAR : F_DIFFERENT;
  },
};
