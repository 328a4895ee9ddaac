import { fileURLToPath } from 'node:url';
import type { PersonRecord } from '@rapport/contracts';
import { generatePeople } from '@rapport/datagen';
import { createPool, migrate, withTransaction } from '@rapport/db';
import {
  createEngine,
  outcomeOf,
  resolveBatch,
  resolveChanges,
  trainModel,
  type EngineConfig,
  type RecordChange,
  type ResolutionStore,
} from '@rapport/matching';
import { describeResolutionStoreContract } from '@rapport/matching/store-contract';
import { createTestDatabase } from '@rapport/testing';
import { describe, expect, it } from 'vitest';
import { PreparedCache } from '../src/adapters/prepared-cache.ts';
import { PostgresResolutionStore } from '../src/adapters/resolution-store.repo.ts';

const migrations = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * A fresh database with the matcher's migrations; each `run` is one transaction with its own store, the
 * stores sharing `cache` when one is given (as the matcher's transactions do).
 */
async function openDatabase(cache?: PreparedCache) {
  const database = await createTestDatabase();
  const pool = createPool(database.url, { max: 3 });
  await migrate(pool, { dir: migrations, owner: 'matcher' });
  return {
    pool,
    run: <T>(work: (store: ResolutionStore) => Promise<T>) =>
      withTransaction(pool, (client) => work(new PostgresResolutionStore(client, { cache }))),
    close: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

describeResolutionStoreContract('PostgresResolutionStore', () => openDatabase());
describeResolutionStoreContract('PostgresResolutionStore with a prepared-form cache', () =>
  openDatabase(new PreparedCache(1000)),
);

describe('PostgresResolutionStore with a prepared-form cache', () => {
  it('reuses a form read before while its row is the same version, and reads the row again once it is not', async () => {
    const cache = new PreparedCache(1000);
    const db = await openDatabase(cache);
    try {
      const [first, second] = [...generatePeople({ seed: 5, people: 2, maxRecords: 2 })].map((g) => g.record);
      const engine = createEngine({ model: trainModel([first!, second!], { seed: 1 }) });
      await db.run((store) => resolveChanges(engine, store, [{ kind: 'upsert', record: first! }]));
      const read = () =>
        db.run(async (store) => (await store.records([first!.recordId])).get(first!.recordId)!);
      const before = await read();
      expect(cache.size).toBe(1);
      // The same object: the row was not sent again, only compared by version.
      expect((await read()).prepared).toBe(before.prepared);

      // Another transaction, without the cache, rewrites the record under the same id.
      const renamed = { ...first!, familyName: `${first!.familyName ?? ''}x` };
      await withTransaction(db.pool, (client) =>
        resolveChanges(engine, new PostgresResolutionStore(client), [{ kind: 'upsert', record: renamed }]),
      );
      const after = await read();
      expect(after.prepared).not.toBe(before.prepared);
      expect(after.prepared.family).not.toBe(before.prepared.family);
      expect((await read()).prepared).toBe(after.prepared);

      // Deleted and stored again as it first was: a new row, read again.
      await db.run((store) => resolveChanges(engine, store, [{ kind: 'delete', recordId: first!.recordId }]));
      await db.run((store) => resolveChanges(engine, store, [{ kind: 'upsert', record: first! }]));
      const again = await read();
      expect(again.prepared).not.toBe(after.prepared);
      expect(again.prepared).toEqual(before.prepared);
    } finally {
      await db.close();
    }
  });
});

describe('PostgresResolutionStore locking', () => {
  it('runs resolution transactions one at a time unless told the caller keeps them apart', async () => {
    const db = await openDatabase();
    const first = await db.pool.connect();
    const second = await db.pool.connect();
    try {
      await first.query('begin');
      await second.query('begin');
      await new PostgresResolutionStore(first).records(['a']);
      // Without the lock a second transaction reads at once.
      await new PostgresResolutionStore(second, { lock: 'none' }).records(['a']);
      let read = false;
      const waiting = new PostgresResolutionStore(second).records(['a']).then(() => (read = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(read).toBe(false);
      await first.query('commit');
      await waiting;
      expect(read).toBe(true);
      await second.query('commit');
    } finally {
      first.release();
      second.release();
      await db.close();
    }
  });
});

describe.each([
  ['', undefined],
  [', its transactions sharing a prepared-form cache', 500],
])('PostgresResolutionStore under the engine%s', (_, cacheLimit) => {
  it('resolves a few thousand generated records, with updates and deletions, to the batch result', async () => {
    // A cache smaller than the population, so that forms are dropped and read again along the way.
    const db = await openDatabase(cacheLimit === undefined ? undefined : new PreparedCache(cacheLimit));
    try {
      const records = [...generatePeople({ seed: 3, people: 2000, maxRecords: 3000 })].map((g) => g.record);
      const model = trainModel(records, { seed: 1, normalise: { defaultRegion: 'GB' } });
      // Caps lower than the defaults, so blocks and identifiers cross them in a population this small.
      const config: Partial<EngineConfig> = {
        maxBlockSize: 20,
        maxPeoplePerIdentifier: 2,
        maxClusterSize: 6,
      };
      const engine = createEngine({ model, config });
      const changed = (r: PersonRecord, i: number): PersonRecord => ({
        ...r,
        emails: records[(i * 7) % records.length]!.emails,
      });
      const changes: RecordChange[] = [
        ...records.map((record) => ({ kind: 'upsert' as const, record })),
        ...records.slice(0, 150).map((r, i) => ({ kind: 'upsert' as const, record: changed(r, i) })),
        ...records.slice(150, 250).map((r) => ({ kind: 'delete' as const, recordId: r.recordId })),
        ...records.slice(300, 320).map((r, i) => ({
          kind: 'decision' as const,
          decision: {
            kind: i % 2 === 0 ? ('apart' as const) : ('together' as const),
            a: r.recordId,
            b: records[i]!.recordId,
          },
        })),
      ];
      const flips = { blocks: 0, values: 0 };
      for (let i = 0; i < changes.length; i += 500) {
        const { stats } = await db.run((store) => resolveChanges(engine, store, changes.slice(i, i + 500)));
        flips.blocks += stats.flippedBlocks;
        flips.values += stats.flippedValues;
        expect(stats.storeCalls).toBeLessThanOrEqual(15);
      }
      expect(flips.blocks).toBeGreaterThan(0);
      expect(flips.values).toBeGreaterThan(0);

      const final = new Map<string, PersonRecord>();
      for (const c of changes) {
        if (c.kind === 'upsert') final.set(c.record.recordId, c.record);
        if (c.kind === 'delete') final.delete(c.recordId);
      }
      const decisions = changes.flatMap((c) => (c.kind === 'decision' ? [c.decision] : []));
      const batch = resolveBatch(final.values(), { model, config, decisions });
      const ids = records.map((r) => r.recordId);
      const stored = await db.run(async (store) => {
        const placed = [...(await store.records(ids)).values()];
        return outcomeOf(
          placed.map((r) => ({ record: r.id, cluster: r.cluster })),
          await store.edges(ids),
        );
      });
      expect(stored.assignments).toEqual(batch.assignments);
      expect(stored.reviewPairs).toEqual(batch.reviewPairs);
      expect(stored.related).toEqual(batch.related);
      expect(new Set(batch.assignments.values()).size).toBeLessThan(final.size);
      // The source records stay readable beside the engine's state, the latest version of each.
      const sources = await withTransaction(db.pool, (client) =>
        new PostgresResolutionStore(client).sources([records[0]!.recordId, records[200]!.recordId]),
      );
      expect(sources).toEqual(new Map([[records[0]!.recordId, changed(records[0]!, 0)]]));
      expect(batch.reviewPairs.length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
    // About five seconds on a quiet machine; a loaded runner shares Postgres with everyone else.
  }, 180_000);
});
