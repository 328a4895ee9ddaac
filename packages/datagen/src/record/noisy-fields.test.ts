import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/random.ts';
import { noisyBirthDate } from './noisy-fields.ts';

/** A real calendar date: the same day after a round trip through Date. */
const isRealDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

describe('noisyBirthDate', () => {
  it('always gives a real date, 29 February of a leap year included', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2010-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer(),
        (when, seed) => {
          const date = { year: when.getUTCFullYear(), month: when.getUTCMonth() + 1, day: when.getUTCDate() };
          // Noise 60: the swap and the year typo (3% and 1.5% at noise 1) happen on most draws.
          const ctx = { random: createRandom(seed), noise: 60 };
          expect(isRealDate(noisyBirthDate(ctx, date))).toBe(true);
        },
      ),
      { examples: [[new Date('1992-02-29T00:00:00Z'), 7]] },
    );
  });

  it('keeps a leap day in a leap year when it mistypes the year', () => {
    for (let seed = 0; seed < 200; seed++) {
      const out = noisyBirthDate(
        { random: createRandom(seed), noise: 60 },
        { year: 1992, month: 2, day: 29 },
      );
      expect(isRealDate(out)).toBe(true);
    }
  });
});
