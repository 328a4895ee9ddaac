import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../src/use-cases/cursor.ts';
import { CursorInvalid } from '../src/use-cases/problems.ts';

const Position = z.tuple([z.number(), z.string()]);

describe('cursors', () => {
  it('give back the position they were made from, URL-safe', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), (score, id) => {
        const cursor = encodeCursor([score, id]);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, Position)).toEqual([Object.is(score, -0) ? 0 : score, id]);
      }),
    );
  });

  it('refuse what a list did not return', () => {
    for (const bad of ['bm90LWpzb24', encodeCursor(['a', 'b']), encodeCursor([1])])
      expect(() => decodeCursor(bad, Position)).toThrow(CursorInvalid);
    // Well-typed but not a position the list's keys can hold (what would reach Postgres and fail there).
    const Keyed = z.tuple([z.int().min(0), z.uuid()]);
    for (const bad of [encodeCursor([1.5, '00000000-0000-4000-8000-000000000000']), encodeCursor([1, 'x'])])
      expect(() => decodeCursor(bad, Keyed)).toThrow(CursorInvalid);
  });
});
