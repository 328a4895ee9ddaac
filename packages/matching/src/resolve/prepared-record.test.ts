import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '@rapport/contracts';
import { DEFAULT_NORMALISE } from '../normalise/options.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import { handModel, population } from '../fixtures/person.fixture.ts';
import { MemoryResolutionStore } from '../store/memory-store.ts';
import { createEngine } from './engine.ts';
import { resolveChanges } from './incremental.ts';
import { preparedRecord } from './prepared-record.ts';

const record = {
  recordId: 'crm:1',
  source: 'crm',
  givenName: 'Mary Ann',
  familyName: 'Smith',
  emails: [{ address: 'Mary.Smith@Example.com' }],
} as PersonRecord;

describe('preparedRecord', () => {
  it('prepares a record as prepareRecord does, once per record object and options', () => {
    const first = preparedRecord(record, DEFAULT_NORMALISE);
    expect(first).toEqual(prepareRecord(record, DEFAULT_NORMALISE));
    expect(preparedRecord(record, DEFAULT_NORMALISE)).toBe(first);
    // Other options (another model's normalisation) prepare it again.
    const other = { ...DEFAULT_NORMALISE, junk: { ...DEFAULT_NORMALISE.junk, names: ['mary ann'] } };
    const again = preparedRecord(record, other);
    expect(again).not.toBe(first);
    expect(again).toEqual(prepareRecord(record, other));
    expect(again.given).toBe('');
  });
});

describe('resolveChanges with records prepared before', () => {
  it('gives the same results and state as with records it prepares itself', async () => {
    const engine = createEngine({ model: handModel() });
    const records = population(7, 120);
    // A second version of some records: updates leave blocks and join others.
    const updates = records
      .filter((_, i) => i % 5 === 0)
      .map((r) => ({ ...r, emails: [{ address: `${r.recordId}@changed.example` }] }));
    const run = async (before: boolean) => {
      const store = new MemoryResolutionStore();
      const results = [];
      for (const batch of [records.slice(0, 60), records.slice(60), updates]) {
        // Fresh objects each run, so that nothing prepared by the other run is found.
        const copies = batch.map((r) => structuredClone(r));
        if (before) for (const r of copies) preparedRecord(r, engine.normalise);
        const result = await resolveChanges(
          engine,
          store,
          copies.map((record) => ({ kind: 'upsert' as const, record })),
        );
        results.push({ ...result, clusterOf: [...result.clusterOf] });
      }
      return { results, state: store.snapshot() };
    };
    const plain = await run(false);
    expect(plain.results[2]!.stats.rescored).toBeGreaterThan(0);
    expect(await run(true)).toEqual(plain);
  });
});
