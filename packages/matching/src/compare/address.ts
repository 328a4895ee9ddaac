import type { PreparedAddress } from '../normalise/address.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import { withinOneTypo } from './edits.ts';
import { jaroWinklerAtLeast } from './jaro-winkler.ts';
import { CLOSE, DIFFERENT, EXACT, MISSING, type ComparisonDef } from './levels.ts';

export const S_EXACT = EXACT;
export const S_CLOSE = 2;
export const S_PARTIAL = 3;
export const S_DIFFERENT = 4;

/**
 * Each address part is compared on the best pair of addresses where both sides have that part:
 * a person with a home and a work address matches anyone at either. The levels are functions of the
 * module rather than closures made in each call: this runs four times for most candidate pairs.
 */
function bestOverAddresses(
  a: PreparedRecord,
  b: PreparedRecord,
  level: (x: PreparedAddress, y: PreparedAddress) => number,
): number {
  let best = MISSING;
  for (const x of a.addresses) {
    for (const y of b.addresses) {
      const l = level(x, y);
      if (l !== MISSING && (best === MISSING || l < best)) best = l;
      if (best === EXACT) return best;
    }
  }
  return best;
}

function typoLevels(x: string, y: string): number {
  if (x === '' || y === '') return MISSING;
  if (x === y) return EXACT;
  return withinOneTypo(x, y) ? CLOSE : DIFFERENT;
}

const postcodeLevel = (x: PreparedAddress, y: PreparedAddress): number => typoLevels(x.postcode, y.postcode);
const streetNumberLevel = (x: PreparedAddress, y: PreparedAddress): number =>
  typoLevels(x.streetNumber, y.streetNumber);

export const postcode: ComparisonDef = {
  name: 'postcode',
  levels: ['missing', 'exact', 'close', 'different'],
  initialM: [0, 0.85, 0.1, 0.05],
  tfValue: (r) => r.addresses[0]?.postcode ?? '',
  describe: (r) => r.addresses.map((a) => a.postcode).join(' '),
  compare: (a, b) => bestOverAddresses(a, b, postcodeLevel),
};

export const streetNumber: ComparisonDef = {
  name: 'streetNumber',
  levels: ['missing', 'exact', 'close', 'different'],
  initialM: [0, 0.85, 0.1, 0.05],
  describe: (r) => r.addresses.map((a) => a.streetNumber).join(' '),
  compare: (a, b) => bestOverAddresses(a, b, streetNumberLevel),
};

function sharedLongToken(xs: readonly string[], ys: readonly string[]): boolean {
  for (const x of xs) if (x.length >= 4 && ys.includes(x)) return true;
  return false;
}

export const street: ComparisonDef = {
  name: 'street',
  levels: ['missing', 'exact', 'close', 'partial', 'different'],
  initialM: [0, 0.8, 0.1, 0.05, 0.05],
  describe: (r) => r.addresses.map((a) => a.streetFull).join(' | '),
  compare: (a, b) => bestOverAddresses(a, b, streetLevel),
};

function streetLevel(x: PreparedAddress, y: PreparedAddress): number {
  if (x.streetFull === '' || y.streetFull === '') return MISSING;
  if (x.streetFull === y.streetFull) return S_EXACT;
  // Same street with a slip, or line 1 and line 2 written the other way round.
  if ((x.street !== '' && x.street === y.street) || x.streetSorted === y.streetSorted) return S_CLOSE;
  if (
    jaroWinklerAtLeast(x.streetFull, y.streetFull, 0.92) >= 0.92 ||
    jaroWinklerAtLeast(x.streetSorted, y.streetSorted, 0.92) >= 0.92
  )
    return S_CLOSE;
  // A shared distinctive word (the street's name without its type, or the building name).
  if (
    sharedLongToken(x.streetTokens, y.streetTokens) ||
    (x.street !== '' && y.street !== '' && jaroWinklerAtLeast(x.street, y.street, 0.88) >= 0.88)
  )
    return S_PARTIAL;
  return S_DIFFERENT;
}

export const locality: ComparisonDef = {
  name: 'locality',
  levels: ['missing', 'exact', 'close', 'different'],
  initialM: [0, 0.85, 0.1, 0.05],
  tfValue: (r) => r.addresses[0]?.locality ?? '',
  describe: (r) => r.addresses.map((a) => a.locality).join(' '),
  compare: (a, b) => bestOverAddresses(a, b, localityLevel),
};

function localityLevel(x: PreparedAddress, y: PreparedAddress): number {
  if (x.locality === '' || y.locality === '') return MISSING;
  if (x.locality === y.locality) return EXACT;
  return jaroWinklerAtLeast(x.locality, y.locality, 0.9) >= 0.9 ? CLOSE : DIFFERENT;
}
