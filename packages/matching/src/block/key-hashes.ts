import type { PreparedAddress } from '../normalise/address.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { IntList } from './key-index.ts';
import { addressPart, isStreetWord, planOf, type RulePlan } from './keys.ts';
import type { BlockKeyPart, BlockingRule } from './rules.ts';

/*
 * A record's blocking keys as the two 32-bit hashes the batch's key table numbers them by, computed as the
 * key's characters are walked, without building the key. Building them was a fifth of the batch's time at
 * a million records (a string per key per rule per record, and the collector's work to free them). The
 * hashes are those of the strings blockingKeys builds, character for character (key-hashes.test.ts holds
 * the two to each other), so blocks, and every decision made from them, are the same.
 */

const SEP = 0x1f;
const BAR = 0x7c;
const DIGIT_0 = 0x30;

// The running hash of a key being walked: the two hashes and the key's length so far.
let h1 = 0;
let h2 = 0;
let len = 0;

function start(): void {
  h1 = 0x811c9dc5 | 0;
  h2 = 0x01000193 | 0;
  len = 0;
}

function char(ch: number): void {
  h1 = Math.imul(h1 ^ ch, 0x01000193);
  h2 = Math.imul(h2 + ch, 0x5bd1e995) ^ (h2 >>> 15);
  len++;
}

function text(s: string, from = 0): void {
  for (let c = from; c < s.length; c++) char(s.charCodeAt(c));
}

/** Decimal digits of a non-negative integer, as String(n) writes them. */
function decimal(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    text(String(n));
    return;
  }
  let scale = 1;
  while (scale * 10 <= n) scale *= 10;
  for (; scale >= 1; scale /= 10) char(DIGIT_0 + (Math.floor(n / scale) % 10));
}

/** The key's second hash, finished (the first needs no finishing). */
function finished2(): number {
  return Math.imul(h2 ^ (h2 >>> 13), 0x85ebca6b) ^ len;
}

/** Both hashes of a whole key string: [first, second]. */
export function hashKey(key: string): readonly [number, number] {
  start();
  text(key);
  return [h1, finished2()];
}

/** The key's hashes are written to `out` unless an earlier key of the record (from `from`) had them. */
function emit(out: IntList, from: number): void {
  const a = h1;
  const b = finished2();
  const data = out.data;
  for (let at = from; at < out.length; at += 2) if (data[at] === a && data[at + 1] === b) return;
  out.push(a);
  out.push(b);
}

/** The two of `x` and `y` in string order, joined by '|' (a name pair in either order). */
function pair(x: string, y: string): void {
  if (x <= y) {
    text(x);
    char(BAR);
    text(y);
  } else {
    text(y);
    char(BAR);
    text(x);
  }
}

/**
 * How many values a personal part has in the record, as recordPart in keys.ts gives them: 0 when missing.
 * Either name (`anyName`, `anyNameSoundex`) has one per distinct value of the present names.
 */
function personalCount(part: BlockKeyPart, r: PreparedRecord): number {
  switch (part) {
    case 'givenName':
    case 'givenSoundex':
    case 'givenInitial':
      return r.given === '' ? 0 : 1;
    case 'familyName':
    case 'familySoundex':
      return r.family === '' ? 0 : 1;
    case 'nameSet':
    case 'nameSoundexSet':
      return r.given === '' || r.family === '' ? 0 : 1;
    case 'anyName':
      return eitherNameCount(r, r.given, r.family);
    case 'anyNameSoundex':
      return eitherNameCount(r, r.givenSoundex, r.familySoundex);
    case 'birthDate':
    case 'birthMonthDay':
      return r.birth === undefined || r.birth.digits === '' ? 0 : 1;
    case 'birthYear':
      return r.birth === undefined ? 0 : 1;
    case 'birthYearMonth':
      return r.birth === undefined || r.birth.month === 0 ? 0 : 1;
    case 'email':
      return r.emails.length;
    case 'phone':
      return r.phones.length;
    case 'card':
      return r.cards.length;
    case 'handle':
      return r.handles.length;
    case 'nationalId':
      return r.nationalId === '' ? 0 : 1;
    default:
      return 0;
  }
}

function eitherNameCount(r: PreparedRecord, given: string, family: string): number {
  if (r.given === '') return r.family === '' ? 0 : 1;
  return r.family === '' || family === given ? 1 : 2;
}

/** Walks value `v` (below personalCount) of a personal part. */
function personalValue(part: BlockKeyPart, r: PreparedRecord, v: number): void {
  const birth = r.birth!;
  switch (part) {
    case 'givenName':
      return text(r.given);
    case 'familyName':
      return text(r.family);
    case 'givenSoundex':
      return text(r.givenSoundex);
    case 'familySoundex':
      return text(r.familySoundex);
    case 'givenInitial':
      return char(r.given.charCodeAt(0));
    case 'nameSet':
      return pair(r.given, r.family);
    case 'nameSoundexSet':
      return pair(r.givenSoundex, r.familySoundex);
    case 'anyName':
      return eitherNameValue(r, r.given, r.family, v);
    case 'anyNameSoundex':
      return eitherNameValue(r, r.givenSoundex, r.familySoundex, v);
    case 'birthDate':
      return text(birth.digits);
    case 'birthMonthDay':
      return text(birth.digits, 4);
    case 'birthYear':
      return decimal(birth.year);
    case 'birthYearMonth':
      return decimal(birth.year * 100 + birth.month);
    case 'email':
      return text(r.emails[v]!);
    case 'phone':
      return text(r.phones[v]!);
    case 'card':
      return text(r.cards[v]!);
    case 'handle':
      return text(r.handles[v]!);
    case 'nationalId':
      return text(r.nationalId);
    default:
      return;
  }
}

function eitherNameValue(r: PreparedRecord, given: string, family: string, v: number): void {
  if (r.given === '') return text(family);
  if (r.family === '' || family === given) return text(given);
  // Two values, in string order.
  const first = given <= family ? given : family;
  text(v === 0 ? first : first === given ? family : given);
}

/** Keys from personal part `p` on, then the address parts. */
function personalFrom(plan: RulePlan, p: number, r: PreparedRecord, out: IntList, from: number): void {
  if (p === plan.personal.length) {
    if (plan.address.length === 0) {
      emit(out, from);
      return;
    }
    const s1 = h1;
    const s2 = h2;
    const sl = len;
    for (const a of r.addresses) {
      h1 = s1;
      h2 = s2;
      len = sl;
      addressFrom(plan.address, 0, a, out, from);
    }
    return;
  }
  const part = plan.personal[p]!;
  const n = personalCount(part, r);
  const s1 = h1;
  const s2 = h2;
  const sl = len;
  for (let v = 0; v < n; v++) {
    h1 = s1;
    h2 = s2;
    len = sl;
    char(SEP);
    personalValue(part, r, v);
    personalFrom(plan, p + 1, r, out, from);
  }
}

/** Keys from address part `p` on, every part from the one address. */
function addressFrom(
  parts: readonly BlockKeyPart[],
  p: number,
  a: PreparedAddress,
  out: IntList,
  from: number,
): void {
  if (p === parts.length) {
    emit(out, from);
    return;
  }
  const part = parts[p]!;
  const s1 = h1;
  const s2 = h2;
  const sl = len;
  if (part === 'streetWord') {
    // Each street word as streetWords in keys.ts lists them (a repeated one makes a key emit drops).
    for (const word of a.streetTokens) {
      if (!isStreetWord(word)) continue;
      h1 = s1;
      h2 = s2;
      len = sl;
      char(SEP);
      text(word);
      addressFrom(parts, p + 1, a, out, from);
    }
    return;
  }
  const value = addressPart(part, a);
  if (value === '') return;
  char(SEP);
  text(value);
  addressFrom(parts, p + 1, a, out, from);
}

/**
 * The record's keys under the rule as pairs of hashes (first, second) appended to `out`, one pair per
 * distinct key, in no particular order; none when a part is missing.
 */
export function keyHashes(rule: BlockingRule, r: PreparedRecord, out: IntList): void {
  start();
  personalFrom(planOf(rule), 0, r, out, out.length);
}
