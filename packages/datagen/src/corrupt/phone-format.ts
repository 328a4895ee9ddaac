import type { Random } from '../random/random.ts';

/**
 * A UK number (national form, digits only, leading 0) written the ways forms and staff write it:
 * spaced, bracketed, international with or without +, or run together.
 */
export function formatPhone(random: Random, national: string): string {
  const rest = national.slice(1);
  const isMobile = national.startsWith('07');
  // Split after the area code for landlines (4 or 5 digits with the 0), after 5 digits for mobiles.
  const split = isMobile
    ? 5
    : national.startsWith('02')
      ? 3
      : national.length === 11 && /^01\d1/.test(national)
        ? 4
        : 5;
  const head = national.slice(0, split);
  const tail = national.slice(split);
  const spacedTail =
    tail.length === 6
      ? `${tail.slice(0, 3)} ${tail.slice(3)}`
      : tail.length > 6
        ? `${tail.slice(0, -4)} ${tail.slice(-4)}`
        : tail;
  switch (random.int(7)) {
    case 0:
      return national;
    case 1:
      return `${head} ${tail}`;
    case 2:
      return `${head} ${spacedTail}`;
    case 3:
      return `+44 ${rest.slice(0, split - 1)} ${tail}`;
    case 4:
      return `+44${rest}`;
    case 5:
      return isMobile ? `0044 ${rest}` : `(${head}) ${spacedTail}`;
    default:
      return `${head}-${tail}`;
  }
}

/** Placeholder numbers typed to get past a required field. */
export const JUNK_PHONES: readonly string[] = [
  '0000000000',
  '07777777777',
  '01234567890',
  '00000000000',
  '07000000000',
];
