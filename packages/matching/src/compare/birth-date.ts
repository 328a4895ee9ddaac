import type { BirthDate } from '../normalise/birth-date.ts';
import { withinOneTypo } from './edits.ts';
import { MISSING, type ComparisonDef } from './levels.ts';

export const B_EXACT = 1;
export const B_CLOSE = 2;
export const B_YEAR = 3;
export const B_DIFFERENT = 4;

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A full date that exists in the calendar (29 February only in a leap year). */
function isCalendarDate(d: BirthDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > DAYS_IN_MONTH[d.month]!) return false;
  return d.month !== 2 || d.day < 29 || (d.year % 4 === 0 && (d.year % 100 !== 0 || d.year % 400 === 0));
}

export function compareBirthDates(a: BirthDate | undefined, b: BirthDate | undefined): number {
  if (a === undefined || b === undefined) return MISSING;
  if (a.digits !== '' && b.digits !== '') {
    if (a.digits === b.digits) return B_EXACT;
    // Day and month transposed (US/EU order), or one digit mistyped or two swapped.
    if (a.year === b.year && a.month === b.day && a.day === b.month) return B_CLOSE;
    if (withinOneTypo(a.digits, b.digits)) return B_CLOSE;
    // A date that cannot exist (month 00, day 94) is known to be mistyped: one slip from a real date is a
    // match, but further from it the typed value says nothing, neither for nor against (batch files keep
    // such dates only when their mapping asks to, see the CLI's `impossibleBirthDates`).
    if (!isCalendarDate(a) || !isCalendarDate(b)) return MISSING;
    return a.year === b.year ? B_YEAR : B_DIFFERENT;
  }
  // At least one side gives only a year or a month: agreement on what is known is weaker evidence.
  if (a.year !== b.year) return B_DIFFERENT;
  if (a.month !== 0 && b.month !== 0 && a.month !== b.month) return B_DIFFERENT;
  return B_YEAR;
}

/**
 * Negative evidence: two dates that are not one slip apart and not even in the same year. A year known
 * alone (a register that gives only the year, a placeholder read as its year) says as much against a pair
 * as a full date's year does: 1959 and 1981-07-07 are two people, 1959 and 1969 may be one slip.
 */
export function birthDatesClearlyDiffer(a: BirthDate | undefined, b: BirthDate | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.digits !== '' && b.digits !== '') return compareBirthDates(a, b) === B_DIFFERENT;
  return a.year !== b.year && !withinOneTypo(String(a.year), String(b.year));
}

export const birthDate: ComparisonDef = {
  name: 'birthDate',
  levels: ['missing', 'exact', 'close', 'year', 'different'],
  initialM: [0, 0.85, 0.08, 0.04, 0.03],
  // A date many records share (a placeholder no rule caught, a cohort's common date) weighs less when it agrees.
  tfValue: (r) => r.birth?.digits ?? '',
  describe: (r) => (r.birth === undefined ? '' : r.birth.digits || String(r.birth.year)),
  compare: (a, b) => compareBirthDates(a.birth, b.birth),
};
