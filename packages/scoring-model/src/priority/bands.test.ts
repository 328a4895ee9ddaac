import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANDS, bandFor, bandIndex, bandWithHysteresis, rankFor, type Band } from './bands.ts';

const T = [75, 60, 45, 30, 15];
const H = 3;

describe('bands and rank', () => {
  it('bands by threshold, P0 highest', () => {
    expect([100, 75, 74.9, 60, 45, 30, 15, 14.9, 0].map((s) => bandFor(s, T))).toEqual([
      'P0',
      'P0',
      'P1',
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
      'P5',
    ]);
  });

  it('ranks 1..100, 1 first, never later for a higher score', () => {
    expect([100, 99.5, 99, 50, 0.5, 0].map(rankFor)).toEqual([1, 1, 1, 50, 100, 100]);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (a, b) => {
          if (a <= b) expect(rankFor(b)).toBeLessThanOrEqual(rankFor(a));
        },
      ),
    );
  });
});

describe('hysteresis', () => {
  it('holds a band within the margin of its threshold and moves past it', () => {
    expect(bandWithHysteresis(undefined, 61, T, H)).toBe('P1');
    expect(bandWithHysteresis('P2', 61, T, H)).toBe('P2');
    expect(bandWithHysteresis('P2', 63, T, H)).toBe('P1');
    expect(bandWithHysteresis('P1', 58, T, H)).toBe('P1');
    expect(bandWithHysteresis('P1', 56.9, T, H)).toBe('P2');
    // A big jump goes straight to the band the score clearly reaches.
    expect(bandWithHysteresis('P5', 90, T, H)).toBe('P0');
  });

  const score = fc.double({ min: 0, max: 100, noNaN: true });
  const band = fc.constantFrom(...BANDS);

  it('lands between the bands of score ± margin, and a second look changes nothing', () => {
    fc.assert(
      fc.property(band, score, (previous, s) => {
        const next = bandWithHysteresis(previous, s, T, H);
        expect(bandIndex(next)).toBeGreaterThanOrEqual(bandIndex(bandFor(s + H, T)));
        expect(bandIndex(next)).toBeLessThanOrEqual(bandIndex(bandFor(s - H, T)));
        expect(bandWithHysteresis(next, s, T, H)).toBe(next);
      }),
    );
  });

  it('a score clear of every threshold by the margin gets its plain band', () => {
    fc.assert(
      fc.property(band, score, (previous, s) => {
        if (T.every((t) => Math.abs(s - t) >= H))
          expect(bandWithHysteresis(previous, s, T, H)).toBe(bandFor(s, T));
      }),
    );
  });

  it('never flaps: scores inside any window of width 2·margin move the band one way at most', () => {
    fc.assert(
      fc.property(
        band,
        fc.double({ min: -5, max: 105, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 2 * H, noNaN: true }), { minLength: 2, maxLength: 40 }),
        (start, low, offsets) => {
          let current: Band = start;
          const moves: number[] = [];
          for (const o of offsets) {
            const next = bandWithHysteresis(current, low + o, T, H);
            if (next !== current) moves.push(Math.sign(bandIndex(next) - bandIndex(current)));
            current = next;
          }
          expect(new Set(moves).size).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
