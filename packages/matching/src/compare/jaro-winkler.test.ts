import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jaro, jaroWinkler, jaroWinklerAtLeast } from './jaro-winkler.ts';
import { withinOneTypo } from './edits.ts';

describe('jaro-winkler', () => {
  it('matches the published examples (Winkler 1990)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaro('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', '')).toBe(1);
  });
  it('the bounded form never misses a value at or above its floor', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b, floor) => {
          const full = jaroWinkler(a, b);
          const bounded = jaroWinklerAtLeast(a, b, floor);
          if (full >= floor) expect(bounded).toBe(full);
        },
      ),
    );
  });
  it('the bounded form is the full value at or above its floor on strings that share most letters', () => {
    const near = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'n', '@', '.'), maxLength: 14 });
    fc.assert(
      fc.property(near, near, fc.constantFrom(0.8, 0.88, 0.9, 0.92), (a, b, floor) => {
        const full = jaroWinkler(a, b);
        const bounded = jaroWinklerAtLeast(a, b, floor);
        expect(bounded === full || (bounded === 0 && full < floor)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
  it('withinOneTypo accepts one edit or one adjacent swap', () => {
    expect(withinOneTypo('2617', '2167')).toBe(true);
    expect(withinOneTypo('2617', '2618')).toBe(true);
    expect(withinOneTypo('2617', '617')).toBe(true);
    expect(withinOneTypo('2617', '7612')).toBe(false);
  });
});
