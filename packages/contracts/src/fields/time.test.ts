import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, PartialDate, partialDateProblem } from './time.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

describe('PartialDate', () => {
  it.each([
    ['1980-02-30', 'has no day 30 in month 2'],
    ['1981-02-29', 'has no day 29 in month 2'],
    ['1900-02-29', 'has no day 29 in month 2'],
    ['1980-04-31', 'has no day 31 in month 4'],
    ['1980-13', 'has no month 13'],
    ['1980-00-10', 'has no month 0'],
    ['1980-01-00', 'has no day 0 in month 1'],
    ['80-01-01', 'must be YYYY-MM-DD, YYYY-MM or YYYY'],
    ['1980-1-1', 'must be YYYY-MM-DD, YYYY-MM or YYYY'],
  ])('refuses %s: %s', (value, message) => {
    expect(PartialDate.safeParse(value).error?.issues.map((i) => i.message)).toEqual([message]);
    expect(partialDateProblem(value)).toBe(message);
  });

  it.each(['1980', '1980-02', '1980-02-29', '2000-02-29', '2024-12-31', '1988-04-30'])(
    'accepts %s',
    (value) => {
      expect(PartialDate.safeParse(value).success).toBe(true);
      expect(partialDateProblem(value)).toBeUndefined();
    },
  );

  it('the pattern (what JSON Schema publishes) and the rule agree on every date of the form', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (y, m, d) => {
          for (const value of [`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`, `${pad(y, 4)}-${pad(m, 2)}`]) {
            expect(PartialDate.safeParse(value).success, value).toBe(partialDateProblem(value) === undefined);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('counts days as the Gregorian calendar does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        expect(daysInMonth(year, month)).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
      }),
    );
  });
});
