import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PersonRecord } from '@rapport/contracts';
import { changedRecord, crowdedBlocking, crowdedPopulation } from '../fixtures/crowded.fixture.ts';
import { handModel } from '../fixtures/person.fixture.ts';
import { MemoryResolutionStore } from '../store/memory-store.ts';
import { resolveBatch } from './batch.ts';
import type { EngineConfig } from './config.ts';
import type { StewardDecision } from './decisions.ts';
import { createEngine } from './engine.ts';
import { resolveChanges } from './incremental.ts';
import type { RecordChange } from './record-change.ts';

const model = handModel();
// Caps so tight that blocks cross them, identifiers cross the per-identifier limit and clusters hit their
// size cap in most runs: the branches where batch and incremental could part.
const config: Partial<EngineConfig> = {
  maxBlockSize: 3,
  maxPeoplePerIdentifier: 2,
  maxClusterSize: 3,
  blocking: crowdedBlocking,
};
const engine = createEngine({ model, config });
// A few seconds on a quiet machine; a loaded CI runner gets room.
const TIMEOUT_MS = 60_000;

/** Branch hits over every run of a property: checked at the end, so a branch no run reached fails. */
const hits = {
  oversizedBlocks: 0,
  overloadedIdentifiers: 0,
  refusedBySizeCap: 0,
  refusedByDifferentCards: 0,
  blocksCrossingCap: 0,
  pairsRejudged: 0,
  edgesDropped: 0,
  identifiersCrossingLimit: 0,
  incrementalSizeCap: 0,
  deletions: 0,
  decisions: 0,
  revocations: 0,
};

type Op = { kind: 'update' | 'delete' | 'together' | 'apart' | 'revoke'; i: number; j: number; how: number };

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  households: fc.integer({ min: 2, max: 7 }),
  order: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
  ops: fc.array(
    fc.record({
      kind: fc.constantFrom<Op['kind']>(
        'update',
        'update',
        'delete',
        'delete',
        'together',
        'apart',
        'revoke',
      ),
      i: fc.nat(),
      j: fc.nat(),
      how: fc.nat(),
    }),
    { maxLength: 12 },
  ),
  cuts: fc.array(fc.nat({ max: 60 }), { maxLength: 6 }),
});

function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i % keys.length]! * 1000 + i }))
    .sort((p, q) => p.k - q.k)
    .map((p) => p.x);
}

/** Every record upserted once, then the ops, the whole sequence in a shuffled order. */
function changesOf(records: PersonRecord[], ops: Op[], order: number[]): RecordChange[] {
  const pick = (n: number) => records[n % records.length]!;
  const extra: RecordChange[] = ops.map((op) => {
    const a = pick(op.i);
    const b = pick(op.j);
    if (op.kind === 'update') return { kind: 'upsert', record: changedRecord(a, b, op.how) };
    if (op.kind === 'delete') return { kind: 'delete', recordId: a.recordId };
    if (op.kind === 'revoke') return { kind: 'revoke', a: a.recordId, b: b.recordId };
    return { kind: 'decision', decision: { kind: op.kind, a: a.recordId, b: b.recordId } };
  });
  return permute([...records.map((record) => ({ kind: 'upsert' as const, record })), ...extra], order);
}

/** What a sequence leaves: each record's last version, and every decision not revoked after it was made. */
function finalSet(changes: RecordChange[]): { records: PersonRecord[]; decisions: StewardDecision[] } {
  const records = new Map<string, PersonRecord | null>();
  let decisions: StewardDecision[] = [];
  const samePair = (d: StewardDecision, a: string, b: string) =>
    (d.a === a && d.b === b) || (d.a === b && d.b === a);
  for (const c of changes) {
    if (c.kind === 'upsert') records.set(c.record.recordId, c.record);
    else if (c.kind === 'delete') records.set(c.recordId, null);
    else if (c.kind === 'revoke') decisions = decisions.filter((d) => !samePair(d, c.a, c.b));
    else decisions.push(c.decision);
  }
  return { records: [...records.values()].filter((r) => r !== null), decisions };
}

function batchOutcome(records: PersonRecord[], decisions: StewardDecision[]) {
  const r = resolveBatch(records, { model, config, decisions });
  hits.oversizedBlocks += Object.values(r.stats.oversizedBlocksByRule).reduce((a, b) => a + b, 0);
  hits.overloadedIdentifiers += r.stats.overloadedIdentifiers;
  hits.refusedBySizeCap += r.stats.refusedByGuard['size-cap'] ?? 0;
  hits.refusedByDifferentCards += r.stats.refusedByGuard['different-cards'] ?? 0;
  return { assignments: r.assignments, reviewPairs: r.reviewPairs, related: r.related };
}

/** The sequence in batches cut at `cuts`, through a fresh in-memory store. */
async function incrementalOutcome(changes: RecordChange[], cuts: number[]) {
  const store = new MemoryResolutionStore();
  const at = [...new Set(cuts.map((c) => c % (changes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...at, changes.length]) {
    const batch = changes.slice(from, to);
    from = Math.max(from, to);
    if (batch.length === 0) continue;
    const { stats } = await resolveChanges(engine, store, batch);
    hits.blocksCrossingCap += stats.flippedBlocks;
    hits.pairsRejudged += stats.rejudgedPairs;
    hits.edgesDropped += stats.droppedEdges;
    hits.identifiersCrossingLimit += stats.flippedValues;
    hits.incrementalSizeCap += stats.refusedByGuard['size-cap'] ?? 0;
  }
  return { store, outcome: store.snapshot() };
}

describe('incremental == batch, with tight caps and shared identifiers', () => {
  it(
    'batch results do not depend on input order',
    () => {
      fc.assert(
        fc.property(scenario, ({ seed, households, order }) => {
          const records = crowdedPopulation(seed, households);
          expect(batchOutcome(permute(records, order), [])).toEqual(batchOutcome(records, []));
        }),
        { numRuns: 40 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'any order and split of upserts, updates, deletions, decisions and revocations gives the batch result',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ seed, households, order, ops, cuts }) => {
          const changes = changesOf(crowdedPopulation(seed, households), ops, order);
          hits.deletions += changes.filter((c) => c.kind === 'delete').length;
          hits.decisions += changes.filter((c) => c.kind === 'decision').length;
          hits.revocations += changes.filter((c) => c.kind === 'revoke').length;
          const { records, decisions } = finalSet(changes);
          const { outcome } = await incrementalOutcome(changes, cuts);
          expect(outcome).toEqual(batchOutcome(records, decisions));
        }),
        { numRuns: 150 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'replaying a batch changes nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ seed, households, order, ops, cuts }) => {
          const changes = changesOf(crowdedPopulation(seed, households), ops, order);
          const { store, outcome } = await incrementalOutcome(changes, cuts);
          const replay = await resolveChanges(engine, store, changes);
          // The collapsed replay is the final set again: nothing moves.
          expect(replay.changes).toEqual([]);
          expect(store.snapshot()).toEqual(outcome);
        }),
        { numRuns: 40 },
      );
    },
    TIMEOUT_MS,
  );

  afterAll(() => {
    // Every branch where the two paths could part was taken in some run.
    for (const [branch, n] of Object.entries(hits)) expect(n, branch).toBeGreaterThan(0);
  });
});
