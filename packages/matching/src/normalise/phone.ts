import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { NormaliseOptions } from './options.ts';

const E164_RE = /^\+[1-9]\d{7,14}$/;

/**
 * E.164 when libphonenumber-js can read the number (national formats use the default region);
 * otherwise the bare digits, so that two identical unparseable numbers still agree.
 */
export function normalisePhone(raw: string, opts: NormaliseOptions): string | undefined {
  const trimmed = raw.trim();
  // Numbers that already are E.164 need no parsing; at a million records the parser is the hot spot.
  if (E164_RE.test(trimmed)) return trimmed;
  const parsed = parsePhoneNumberFromString(trimmed, opts.defaultRegion);
  if (parsed?.isPossible() === true) return parsed.number;
  const digits = trimmed.replace(/\D+/g, '');
  return digits.length >= 6 ? digits : undefined;
}

/** Bare digits without country code or trunk prefix, for junk lists written either way. */
export function phoneDigits(normalised: string): string {
  return normalised.replace(/\D+/g, '');
}
