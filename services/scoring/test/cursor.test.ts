import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/use-cases/cursor.ts';
import { CursorInvalid } from '../src/use-cases/problems.ts';

describe('cursors', () => {
  it('give back the position they were made from, URL-safe', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), (score, id) => {
        const cursor = encodeCursor([score, id]);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, ['number', 'string'] as const)).toEqual([
          Object.is(score, -0) ? 0 : score,
          id,
        ]);
      }),
    );
  });

  it('refuse what a list did not return', () => {
    for (const bad of ['bm90LWpzb24', encodeCursor(['a', 'b']), encodeCursor([1])])
      expect(() => decodeCursor(bad, ['number', 'string'] as const)).toThrow(CursorInvalid);
  });
});
