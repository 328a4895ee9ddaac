import { z } from 'zod';

/** An ISO 8601 instant with `Z` or an explicit offset; normalisation rewrites it to UTC (`...Z`). */
export const IsoDateTime = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 date-time with Z or an offset, e.g. 2025-03-14T09:26:53Z')
  .meta({ examples: ['2025-03-14T09:26:53Z'] });

const SHAPE = /^(?<y>\d{4})(?:-(?<m>\d{2})(?:-(?<d>\d{2}))?)?$/;
const SHAPE_MESSAGE = 'must be YYYY-MM-DD, YYYY-MM or YYYY';

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in `month` (1-12) of `year`, proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Why `value` is not a possibly partial calendar date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), or
 * undefined when it is one: `1980-02-30` "has no day 30 in month 2". The one rule for dates, shared
 * by the REST and Kafka contracts (PartialDate) and the `rapport` CLI. Messages never quote the value:
 * a birth date is personal data.
 */
export function partialDateProblem(value: string): string | undefined {
  const groups = SHAPE.exec(value)?.groups;
  if (groups === undefined) return SHAPE_MESSAGE;
  if (groups.m === undefined) return undefined;
  const month = Number(groups.m);
  if (month < 1 || month > 12) return `has no month ${month}`;
  if (groups.d === undefined) return undefined;
  const day = Number(groups.d);
  if (day < 1 || day > daysInMonth(Number(groups.y), month)) return `has no day ${day} in month ${month}`;
  return undefined;
}

// The same rule as one regular expression, so that JSON Schema and OpenAPI say exactly what the
// server accepts (a client or a fuzzer generating from the pattern never meets a refusal).
const MONTH = '(?:0[1-9]|1[0-2])';
const DAY_OF_MONTH =
  '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
const LEAP_YEAR = '(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)';
const PARTIAL_DATE = new RegExp(`^(?:\\d{4}(?:-${MONTH})?|\\d{4}-${DAY_OF_MONTH}|${LEAP_YEAR}-02-29)$`);

/** A possibly partial calendar date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (sources often know only the year). */
export const PartialDate = z
  .string()
  .regex(PARTIAL_DATE, {
    error: (issue) => (typeof issue.input === 'string' && partialDateProblem(issue.input)) || SHAPE_MESSAGE,
  })
  .describe('Calendar date, possibly partial: YYYY-MM-DD, YYYY-MM or YYYY');
