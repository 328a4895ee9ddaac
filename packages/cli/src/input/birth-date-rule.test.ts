import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartialDate } from '@rapport/contracts';
import { parseBirthDate } from './birth-date.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

describe('birth dates: the CLI and the REST contracts apply one rule', () => {
  it('refuse 1980-02-30 both', () => {
    expect(parseBirthDate('1980-02-30', 'YYYY-MM-DD')).toEqual({
      ok: false,
      why: '"1980-02-30" has no day 30 in month 2',
    });
    expect(PartialDate.safeParse('1980-02-30').error?.issues[0]?.message).toBe('has no day 30 in month 2');
  });

  it('agree on every date in the years the CLI reads', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1850, max: 2100 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 33 }),
        (year, month, day) => {
          const value = `${year}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(parseBirthDate(value, 'YYYY-MM-DD').ok, value).toBe(PartialDate.safeParse(value).success);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
