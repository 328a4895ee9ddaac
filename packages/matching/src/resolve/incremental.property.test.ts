import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PersonRecord } from '@rapport/contracts';
import { handModel, population } from '../fixtures/person.fixture.ts';
import { resolveBatch } from './batch.ts';
import type { EngineConfig } from './config.ts';
import type { StewardDecision } from './decisions.ts';
import { applyChange, createResolver, snapshot } from './incremental.ts';

const model = handModel();
// A small size cap so the guards (and their order sensitivity, if any) are exercised.
const config: Partial<EngineConfig> = { maxClusterSize: 3 };

const batch = (records: PersonRecord[], decisions: StewardDecision[] = []) => {
  const r = resolveBatch(records, { model, config, decisions });
  return { assignments: [...r.assignments].sort(), reviewPairs: r.reviewPairs, related: r.related };
};
const incremental = (
  steps: { kind: 'upsert' | 'delete'; record: PersonRecord }[],
  decisions: StewardDecision[] = [],
) => {
  const state = createResolver({ model, config, decisions });
  for (const s of steps) applyChange(state, s);
  const r = snapshot(state);
  return { assignments: [...r.assignments].sort(), reviewPairs: r.reviewPairs, related: r.related };
};

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  people: fc.integer({ min: 2, max: 9 }),
  order: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
  deletions: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  decisions: fc.array(
    fc.record({ kind: fc.constantFrom('together' as const, 'apart' as const), a: fc.nat(), b: fc.nat() }),
    { maxLength: 3 },
  ),
});

function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i % keys.length]! * 1000 + i }))
    .sort((p, q) => p.k - q.k)
    .map((p) => p.x);
}

function decisionsFor(
  records: PersonRecord[],
  raw: { kind: 'together' | 'apart'; a: number; b: number }[],
): StewardDecision[] {
  return raw.map((d) => ({
    kind: d.kind,
    a: records[d.a % records.length]!.recordId,
    b: records[d.b % records.length]!.recordId,
  }));
}

describe('order independence and incremental == batch', () => {
  it('batch results do not depend on input order', () => {
    fc.assert(
      fc.property(scenario, ({ seed, people, order, decisions }) => {
        const records = population(seed, people);
        const ds = decisionsFor(records, decisions);
        expect(batch(permute(records, order), permute(ds, order))).toEqual(batch(records, ds));
      }),
      { numRuns: 40 },
    );
  });

  it('adding records one by one in any order gives the batch result', () => {
    fc.assert(
      fc.property(scenario, ({ seed, people, order, decisions }) => {
        const records = population(seed, people);
        const ds = decisionsFor(records, decisions);
        const steps = permute(records, order).map((record) => ({ kind: 'upsert' as const, record }));
        expect(incremental(steps, ds)).toEqual(batch(records, ds));
      }),
      { numRuns: 40 },
    );
  });

  it('deleting a record is the same as never adding it', () => {
    fc.assert(
      fc.property(scenario, ({ seed, people, order, deletions }) => {
        const records = population(seed, people);
        const shuffled = permute(records, order);
        const removed = shuffled.filter((_, i) => deletions[i % deletions.length]);
        const steps = [
          ...shuffled.map((record) => ({ kind: 'upsert' as const, record })),
          ...removed.map((record) => ({ kind: 'delete' as const, record })),
        ];
        const kept = records.filter((r) => !removed.includes(r));
        expect(incremental(steps)).toEqual(batch(kept));
      }),
      { numRuns: 40 },
    );
  });

  it('adding a record twice changes nothing (idempotence)', () => {
    fc.assert(
      fc.property(scenario, ({ seed, people, order }) => {
        const records = population(seed, people);
        const state = createResolver({ model, config });
        for (const record of permute(records, order)) applyChange(state, { kind: 'upsert', record });
        const before = snapshot(state);
        for (const record of records)
          expect(applyChange(state, { kind: 'upsert', record }).change.kind).toBe('unchanged');
        expect(snapshot(state)).toEqual(before);
      }),
      { numRuns: 25 },
    );
  });

  it('an update that changes a record equals a batch over the changed set', () => {
    fc.assert(
      fc.property(scenario, ({ seed, people, order }) => {
        const records = population(seed, people);
        const victim = records[order[0]! % records.length]!;
        const changed = {
          ...victim,
          givenName: 'Zebedee',
          birthDate: '1901-01-01',
          emails: [],
          phones: [],
          cards: [],
        };
        const steps = [
          ...permute(records, order).map((record) => ({ kind: 'upsert' as const, record })),
          { kind: 'upsert' as const, record: changed },
        ];
        expect(incremental(steps)).toEqual(batch(records.map((r) => (r === victim ? changed : r))));
      }),
      { numRuns: 25 },
    );
  });
});
