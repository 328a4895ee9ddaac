import { emailLocalPart } from '../normalise/email.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import { withinOneTypo } from './edits.ts';
import { jaroWinklerAtLeast } from './jaro-winkler.ts';
import { CLOSE, DIFFERENT, EXACT, MISSING, type ComparisonDef } from './levels.ts';

export const E_EXACT = EXACT;
export const E_CLOSE = 2;
export const E_FAR = 3;
export const E_DIFFERENT = 4;

/**
 * Best level over every pair of values: people have several addresses and numbers, one shared is enough.
 * `level` is a function of the module, handed the records, not a closure over them: this runs for most
 * candidate pairs, and a closure made per pair was garbage made per pair.
 */
function bestOf(
  a: PreparedRecord,
  b: PreparedRecord,
  xs: readonly string[],
  ys: readonly string[],
  level: (x: string, y: string, a: PreparedRecord, b: PreparedRecord) => number,
  worst: number,
): number {
  if (xs.length === 0 || ys.length === 0) return MISSING;
  let best = worst;
  let evidence = false;
  for (const x of xs) {
    for (const y of ys) {
      if (x === y) return EXACT;
      const l = level(x, y, a, b);
      if (l === NO_EVIDENCE) continue;
      evidence = true;
      if (l < best) best = l;
    }
  }
  return evidence ? best : MISSING;
}

// A pair of values that says nothing beyond what other comparisons already say.
const NO_EVIDENCE = -1;

// Jaro-Winkler over whole addresses from which two spellings are taken as one mailbox with several slips.
const EMAIL_FAR = 0.88;

/**
 * What a mailbox name says beyond the person's names: its letters and digits without the given and family
 * name, or undefined when it does not hold them ("peter.smith41" -> "41"; "iwilkinsmn" for Wilkinson: undefined).
 */
function beyondNames(local: string, r: PreparedRecord): string | undefined {
  let rest = local.replace(/[^a-z0-9]/g, '');
  let found = false;
  for (const name of [r.family, r.given]) {
    if (name.length < 3) continue;
    const at = rest.indexOf(name);
    if (at < 0) continue;
    rest = rest.slice(0, at) + rest.slice(at + name.length);
    found = true;
  }
  return found ? rest : undefined;
}

/**
 * Email levels between two different addresses. Mailbox names are often built from the person's names, and
 * namesakes then have similar ones ("emma_bailey94", "emmabailey3306"): that similarity repeats the names'
 * evidence, so where both mailbox names hold the names, only what is left beside them is compared.
 */
function emailLevel(x: string, y: string, a: PreparedRecord, b: PreparedRecord): number {
  if (withinOneTypo(x, y)) return E_CLOSE;
  // The same mailbox name at another provider, or several slips: anything else is different (most pairs,
  // told without cutting the mailbox names out).
  const sameMailbox = sameMailboxName(x, y);
  if (!sameMailbox && jaroWinklerAtLeast(x, y, EMAIL_FAR) < EMAIL_FAR) return E_DIFFERENT;
  const rx = beyondNames(emailLocalPart(x), a);
  const ry = beyondNames(emailLocalPart(y), b);
  if (rx === undefined || ry === undefined) return sameMailbox ? E_CLOSE : E_FAR;
  if (rx === '' || ry === '') return NO_EVIDENCE;
  if (sameMailbox) return E_CLOSE;
  return jaroWinklerAtLeast(rx, ry, EMAIL_FAR) >= EMAIL_FAR ? E_FAR : NO_EVIDENCE;
}

/** The same mailbox name of at least four characters (emailLocalPart of both, compared in place). */
function sameMailboxName(x: string, y: string): boolean {
  const at = x.lastIndexOf('@');
  if (at < 4 || y.lastIndexOf('@') !== at) return false;
  return sameChars(x, 0, y, 0, at);
}

/** `n` characters of `x` from `i` equal those of `y` from `j`. */
function sameChars(x: string, i: number, y: string, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (x.charCodeAt(i + k) !== y.charCodeAt(j + k)) return false;
  return true;
}

function phonesClose(x: string, y: string): number {
  // The same subscriber number read with different country codes, or one digit mistyped.
  return (x.length >= 9 && y.length >= 9 && sameChars(x, x.length - 9, y, y.length - 9, 9)) ||
    withinOneTypo(x, y)
    ? CLOSE
    : DIFFERENT;
}

export const email: ComparisonDef = {
  name: 'email',
  levels: ['missing', 'exact', 'close', 'far', 'different'],
  initialM: [0, 0.8, 0.05, 0.05, 0.1],
  describe: (r) => r.emails.join(' '),
  compare: (a, b) => bestOf(a, b, a.emails, b.emails, emailLevel, E_DIFFERENT),
};

export const phone: ComparisonDef = {
  name: 'phone',
  levels: ['missing', 'exact', 'close', 'different'],
  initialM: [0, 0.85, 0.05, 0.1],
  describe: (r) => r.phones.join(' '),
  compare: (a, b) => bestOf(a, b, a.phones, b.phones, phonesClose, DIFFERENT),
};
