import { emailLocalPart } from '../normalise/email.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import { withinOneTypo } from './edits.ts';
import { jaroWinklerAtLeast } from './jaro-winkler.ts';
import { CLOSE, DIFFERENT, EXACT, MISSING, type ComparisonDef } from './levels.ts';

export const E_EXACT = EXACT;
export const E_CLOSE = 2;
export const E_FAR = 3;
export const E_DIFFERENT = 4;

/** Best level over every pair of values: people have several addresses and numbers, one shared is enough. */
function bestOf(
  xs: readonly string[],
  ys: readonly string[],
  level: (x: string, y: string) => number,
  worst: number,
): number {
  if (xs.length === 0 || ys.length === 0) return MISSING;
  let best = worst;
  for (const x of xs) {
    for (const y of ys) {
      if (x === y) return EXACT;
      const l = level(x, y);
      if (l < best) best = l;
    }
  }
  return best;
}

// Jaro-Winkler over whole addresses from which two spellings are taken as one mailbox with several slips.
const EMAIL_FAR = 0.88;

/**
 * A mailbox name made of the person's own names ("peter.smith", "psmith") is shared by namesakes at other
 * providers: it repeats the names' evidence rather than adding its own.
 */
function madeOfNames(local: string, r: PreparedRecord): boolean {
  if (/\d/.test(local)) return false;
  const letters = local.replace(/[^a-z]/g, '');
  return (
    (r.family.length >= 3 && letters.includes(r.family)) || (r.given.length >= 3 && letters.includes(r.given))
  );
}

function emailLevel(a: PreparedRecord, b: PreparedRecord): (x: string, y: string) => number {
  return (x, y) => {
    if (withinOneTypo(x, y)) return E_CLOSE;
    const lx = emailLocalPart(x);
    if (lx.length >= 4 && lx === emailLocalPart(y))
      return madeOfNames(lx, a) || madeOfNames(lx, b) ? E_FAR : E_CLOSE;
    return jaroWinklerAtLeast(x, y, EMAIL_FAR) >= EMAIL_FAR ? E_FAR : E_DIFFERENT;
  };
}

function phonesClose(x: string, y: string): number {
  // The same subscriber number read with different country codes, or one digit mistyped.
  return (x.length >= 9 && y.length >= 9 && x.slice(-9) === y.slice(-9)) || withinOneTypo(x, y)
    ? CLOSE
    : DIFFERENT;
}

export const email: ComparisonDef = {
  name: 'email',
  levels: ['missing', 'exact', 'close', 'far', 'different'],
  initialM: [0, 0.8, 0.05, 0.05, 0.1],
  describe: (r) => r.emails.join(' '),
  compare: (a, b) => bestOf(a.emails, b.emails, emailLevel(a, b), E_DIFFERENT),
};

export const phone: ComparisonDef = {
  name: 'phone',
  levels: ['missing', 'exact', 'close', 'different'],
  initialM: [0, 0.85, 0.05, 0.1],
  describe: (r) => r.phones.join(' '),
  compare: (a, b) => bestOf(a.phones, b.phones, phonesClose, DIFFERENT),
};
