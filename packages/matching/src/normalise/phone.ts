import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { NormaliseOptions } from './options.ts';

const E164_RE = /^\+[1-9]\d{7,14}$/;
// Separators people put in numbers; removing them never changes what libphonenumber reads.
const SEPARATORS_RE = /[\s\-.()]+/g;
const DIGITS_RE = /^\d+$/;

/**
 * National forms that need no parser: the trunk prefix 0 and the country's significant-number lengths
 * that libphonenumber-js treats as possible for every number type. Anything else goes to the parser.
 */
const NATIONAL_FAST: Partial<Record<string, { cc: string; lengths: readonly number[] }>> = {
  GB: { cc: '44', lengths: [10] },
  AU: { cc: '61', lengths: [9] },
};

function fastPath(trimmed: string, region: string): string | undefined {
  if (trimmed.includes('(0)')) return undefined;
  const compact = trimmed.replace(SEPARATORS_RE, '');
  if (compact.startsWith('+')) return E164_RE.test(compact) ? compact : undefined;
  if (!DIGITS_RE.test(compact)) return undefined;
  const fast = NATIONAL_FAST[region];
  if (fast === undefined) return undefined;
  let national: string | undefined;
  if (compact.startsWith('00' + fast.cc)) national = compact.slice(2 + fast.cc.length);
  else if (compact.startsWith('0') && !compact.startsWith('00')) national = compact.slice(1);
  if (national === undefined || national.startsWith('0') || !fast.lengths.includes(national.length))
    return undefined;
  return `+${fast.cc}${national}`;
}

/**
 * E.164 when libphonenumber-js can read the number (national formats use the default region);
 * otherwise the bare digits, so that two identical unparseable numbers still agree.
 */
export function normalisePhone(raw: string, opts: NormaliseOptions): string | undefined {
  const trimmed = raw.trim();
  // Numbers that already are E.164 need no parsing; at a million records the parser is the hot spot.
  if (E164_RE.test(trimmed)) return trimmed;
  const fast = fastPath(trimmed, opts.defaultRegion);
  if (fast !== undefined) return fast;
  const parsed = parsePhoneNumberFromString(trimmed, opts.defaultRegion);
  if (parsed?.isPossible() === true) return parsed.number;
  const digits = trimmed.replace(/\D+/g, '');
  return digits.length >= 6 ? digits : undefined;
}

/** Bare digits without country code or trunk prefix, for junk lists written either way. */
export function phoneDigits(normalised: string): string {
  return normalised.replace(/\D+/g, '');
}
