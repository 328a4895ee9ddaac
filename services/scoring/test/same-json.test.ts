import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameJson } from '../src/use-cases/same-json.ts';

/** The JSON text of a value with every object's keys sorted: equal texts mean equal content. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

describe('sameJson', () => {
  it('is true for a value and its JSON read back, and for the same JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(sameJson(value, JSON.parse(JSON.stringify(value)))).toBe(true);
      }),
    );
  });

  it('says what comparing the key-sorted JSON texts says', () => {
    const small = fc.jsonValue({ maxDepth: 2 });
    fc.assert(
      fc.property(small, small, (a, b) => {
        expect(sameJson(a, b)).toBe(canonical(a) === canonical(b));
      }),
    );
    // Near misses, which two random values rarely are.
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })), fc.string(), (o, key) => {
        const changed = { ...o, [key]: o[key] === 1 ? 2 : 1 };
        expect(sameJson(o, changed)).toBe(false);
        expect(sameJson([o], [o, o])).toBe(false);
      }),
    );
  });

  it('leaves out undefined properties and key order, as the stored JSON does', () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJson({ a: [1, { c: 'x' }] }, { a: [1, { c: 'y' }] })).toBe(false);
    expect(sameJson({ a: null }, { a: 0 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
  });
});
