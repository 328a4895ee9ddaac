import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deterministicEventId, recordEventId } from './event-id.ts';

describe('deterministicEventId', () => {
  it('is stable across calls and releases', () => {
    const id = deterministicEventId([
      'loyalty.member.v1',
      'loyalty',
      'skymiles',
      'M-1',
      '2025-03-14T09:26:53Z',
    ]);
    expect(id).toBe(
      deterministicEventId(['loyalty.member.v1', 'loyalty', 'skymiles', 'M-1', '2025-03-14T09:26:53Z']),
    );
    // Pinned: changing the derivation would make replays look like new events to every consumer.
    expect(id).toBe('205b0c53-4e17-8653-a6aa-45eab929f423');
  });

  it('is a valid UUID (version 8, RFC variant)', () => {
    const id = deterministicEventId(['x']);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id.charAt(14)).toBe('8');
    expect('89ab').toContain(id.charAt(19));
  });

  it('keeps part boundaries: moving a separator changes the id', () => {
    expect(deterministicEventId(['a:b', 'c'])).not.toBe(deterministicEventId(['a', 'b:c']));
    expect(deterministicEventId(['ab'])).not.toBe(deterministicEventId(['a', 'b']));
  });

  it('refuses an empty list', () => {
    expect(() => deterministicEventId([])).toThrow(TypeError);
  });
});

describe('recordEventId', () => {
  // Objects of JSON values, keys drawn from a small alphabet so that collisions between keys happen.
  const jsonObject = fc.dictionary(
    fc.constantFrom('a', 'b', 'c', 'email', 'names', 'updatedAt'),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 6 },
  );

  /** The same value with every object's keys in another order. */
  function reordered(value: unknown, seed: number): unknown {
    if (Array.isArray(value)) return value.map((item) => reordered(item, seed));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]!);
    return Object.fromEntries(rotated.reverse().map(([k, v]) => [k, reordered(v, seed + 1)]));
  }

  /** The oracle: the value with every object's keys sorted. */
  function sortedKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortedKeys);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortedKeys(v)]),
    );
  }

  it('is the same for the same content, whatever the order of its keys', () => {
    fc.assert(
      fc.property(jsonObject, fc.nat(10), (content, seed) => {
        const again = reordered(content, seed) as object;
        expect(recordEventId(['t', 'r-1', 'v1'], again)).toBe(recordEventId(['t', 'r-1', 'v1'], content));
      }),
    );
  });

  it('differs when the content differs, under the same record id and version', () => {
    fc.assert(
      fc.property(jsonObject, jsonObject, (a, b) => {
        fc.pre(JSON.stringify(sortedKeys(a)) !== JSON.stringify(sortedKeys(b)));
        expect(recordEventId(['t', 'r-1', 'v1'], a)).not.toBe(recordEventId(['t', 'r-1', 'v1'], b));
      }),
    );
  });

  it('leaves undefined properties out, as the JSON on the wire does', () => {
    expect(recordEventId(['t'], { a: 1, b: undefined })).toBe(recordEventId(['t'], { a: 1 }));
    expect(recordEventId(['t'], { a: 1 })).not.toBe(recordEventId(['u'], { a: 1 }));
  });
});
