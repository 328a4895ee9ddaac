import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchDigest,
  decodeIds,
  encodeBatchMetadata,
  encodeIds,
  judgeInDoubt,
  latestCommitted,
  MAX_METADATA_CHARS,
  rowsThatFit,
  type OutboxRowRef,
} from './committed-batch.ts';

const ascendingIds = fc
  .uniqueArray(fc.integer({ min: 1, max: 5_000_000 }), { maxLength: 600 })
  .map((ids) => ids.sort((a, b) => a - b));
const refs = (ids: readonly number[]): OutboxRowRef[] => ids.map((id) => ({ id, eventId: `e-${id}` }));

describe('batch ids', () => {
  it('names consecutive ids as ranges', () => {
    expect(encodeIds([1, 2, 3, 7, 9, 10])).toBe('1-3,7,9-a');
    expect(decodeIds('1-3,7,9-a')).toEqual([1, 2, 3, 7, 9, 10]);
    expect(encodeIds([])).toBe('');
  });

  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(ascendingIds, (ids) => {
        expect(decodeIds(encodeIds(ids))).toEqual(ids);
      }),
    );
  });

  it('refuses text that is not ascending ranges', () => {
    expect(() => decodeIds('5,3')).toThrow(/out of order/);
    expect(() => decodeIds('3-1')).toThrow(/out of order/);
    expect(() => decodeIds('x!')).toThrow(/not an id/);
  });

  it('keeps a batch whose metadata fits, and not one row more', () => {
    fc.assert(
      fc.property(
        ascendingIds,
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 40, max: 4000 }),
        (ids, maxRows, maxChars) => {
          const rows = refs(ids);
          const n = rowsThatFit(rows, { rows: maxRows, metadataChars: maxChars });
          expect(n).toBeLessThanOrEqual(Math.min(maxRows, rows.length));
          if (n > 0) expect(encodeBatchMetadata(rows.slice(0, n)).length).toBeLessThanOrEqual(maxChars);
          if (n < Math.min(maxRows, rows.length))
            expect(encodeBatchMetadata(rows.slice(0, n + 1)).length).toBeGreaterThan(maxChars);
        },
      ),
    );
  });

  it("stops before the rows' bytes pass the limit, but always takes the first row", () => {
    const rows = [5, 6, 7, 8].map((id) => ({ id, eventId: `e${id}`, bytes: 400 }));
    expect(rowsThatFit(rows, { rows: 10, bytes: 1000 })).toBe(2);
    expect(rowsThatFit(rows, { rows: 10, bytes: 100 })).toBe(1);
    expect(rowsThatFit(rows, { rows: 10, bytes: 1600 })).toBe(4);
  });

  it("caps each partition's bytes separately, and stops at the first row that would pass its partition's", () => {
    const rows = ['a', 'b', 'a', 'b', 'a', 'c'].map((partition, i) => ({
      id: i + 1,
      eventId: `e${i + 1}`,
      bytes: 400,
      partition,
    }));
    // a, b, a, b fit 800 each; the third a would make 1,200, so c after it waits for the next batch too.
    expect(rowsThatFit(rows, { rows: 10, partitionBytes: 1000 })).toBe(4);
    expect(rowsThatFit(rows, { rows: 10, partitionBytes: 1200 })).toBe(6);
    expect(rowsThatFit(rows, { rows: 10, partitionBytes: 1200, bytes: 2000 })).toBe(5);
    expect(rowsThatFit(rows, { rows: 10, partitionBytes: 100 })).toBe(1);
  });

  it('fits 500 rows of consecutive ids, and fewer when every other id is missing', () => {
    const consecutive = refs(Array.from({ length: 500 }, (_, i) => 1_000_000 + i));
    expect(rowsThatFit(consecutive, { rows: 500 })).toBe(500);
    const gapped = refs(Array.from({ length: 1000 }, (_, i) => 1_000_000_000 + 2 * i));
    const n = rowsThatFit(gapped, { rows: 1000 });
    expect(n).toBeGreaterThan(400);
    expect(n).toBeLessThan(1000);
    expect(encodeBatchMetadata(gapped.slice(0, n)).length).toBeLessThanOrEqual(MAX_METADATA_CHARS);
  });
});

describe('the last committed batch', () => {
  it('is the highest sequence among the anchors, ignoring offsets in another format', () => {
    const a = encodeBatchMetadata(refs([1, 2]));
    const b = encodeBatchMetadata(refs([3]));
    const latest = latestCommitted([
      { offset: '4', metadata: a },
      { offset: '7', metadata: b },
      { offset: '9', metadata: 'written by a consumer' },
      { offset: '-1', metadata: null },
    ]);
    expect(latest).toEqual({ seq: 7, ids: [3], digest: batchDigest(refs([3])) });
    expect(latestCommitted([{ offset: '-1', metadata: '' }])).toBeUndefined();
  });

  it('is deleted when its rows are all there, left alone when they were deleted or are other rows', () => {
    const batch = latestCommitted([{ offset: '1', metadata: encodeBatchMetadata(refs([5, 6, 8])) }])!;
    expect(judgeInDoubt(batch, refs([8, 5, 6]))).toEqual({ kind: 'delete', ids: [5, 6, 8] });
    expect(judgeInDoubt(batch, [])).toEqual({ kind: 'settled' });
    expect(judgeInDoubt(batch, refs([5, 6]))).toMatchObject({ kind: 'mismatch' });
    // Same ids, different events: the table was recreated while Kafka kept the relay's state.
    expect(judgeInDoubt(batch, [{ id: 5, eventId: 'x' }, ...refs([6, 8])])).toMatchObject({
      kind: 'mismatch',
    });
  });

  it('over random published/unpublished splits: exactly the published rows are deleted', () => {
    fc.assert(
      fc.property(ascendingIds, fc.array(fc.boolean(), { maxLength: 600 }), (ids, flags) => {
        const published = ids.filter((_, i) => flags[i] ?? false);
        if (published.length === 0) return;
        const batch = latestCommitted([{ offset: '3', metadata: encodeBatchMetadata(refs(published)) }])!;
        // Crash before the delete: every row is still in the table.
        const present = refs(ids).filter((r) => batch.ids.includes(r.id));
        const verdict = judgeInDoubt(batch, present);
        expect(verdict).toEqual({ kind: 'delete', ids: published });
      }),
    );
  });
});

/**
 * The relay's protocol as a model, on the pure functions above: writers take ids at insert and commit in any
 * order (a later id may commit first), roll back, and the relay publishes batches, crashing before or after
 * its Kafka commit. Whatever the schedule, every committed row is published exactly once, no rolled-back row
 * ever, and each key's rows in the order they were written (writers of one key are serialised).
 */
describe('relay protocol model', () => {
  type Step =
    | { kind: 'write'; key: number; rows: number }
    | { kind: 'commit'; pick: number }
    | { kind: 'rollback'; pick: number }
    | { kind: 'relay'; batchSize: number; crash: 'none' | 'beforeCommit' | 'afterCommit' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('write' as const),
      key: fc.integer({ min: 0, max: 4 }),
      rows: fc.integer({ min: 1, max: 4 }),
    }),
    fc.record({ kind: fc.constant('commit' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('rollback' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('relay' as const),
      batchSize: fc.integer({ min: 1, max: 6 }),
      crash: fc.constantFrom('none' as const, 'beforeCommit' as const, 'afterCommit' as const),
    }),
  );

  interface Row extends OutboxRowRef {
    key: number;
  }

  it('publishes every committed row once, in order per key', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        let nextId = 1;
        const open: { key: number; rows: Row[] }[] = [];
        const table = new Map<number, Row>(); // committed, not yet deleted
        const committedRows: Row[] = [];
        const log: Row[] = []; // Kafka, committed transactions only
        let state: { offset: string; metadata: string } | undefined;
        let relaySeq: number | undefined; // undefined: must recover first (fresh start or after a crash)

        const relayOnce = (batchSize: number, crash: 'none' | 'beforeCommit' | 'afterCommit'): void => {
          if (relaySeq === undefined) {
            const last = latestCommitted(state ? [state] : []);
            if (last) {
              const present = last.ids.flatMap((id) => (table.has(id) ? [table.get(id)!] : []));
              const verdict = judgeInDoubt(last, present);
              if (verdict.kind === 'delete') verdict.ids.forEach((id) => table.delete(id));
              expect(verdict.kind).not.toBe('mismatch');
            }
            relaySeq = last?.seq ?? 0;
          }
          const visible = [...table.values()].sort((a, b) => a.id - b.id);
          if (visible.length === 0) return;
          const batch = visible.slice(0, rowsThatFit(visible, { rows: batchSize }));
          if (crash === 'beforeCommit') {
            relaySeq = undefined;
            return;
          }
          log.push(...batch);
          state = { offset: String(relaySeq + 1), metadata: encodeBatchMetadata(batch) };
          relaySeq += 1;
          if (crash === 'afterCommit') {
            relaySeq = undefined;
            return;
          }
          batch.forEach((r) => table.delete(r.id));
        };

        for (const s of steps) {
          if (s.kind === 'write') {
            if (open.some((t) => t.key === s.key)) continue; // a key's writers are serialised
            const rows = Array.from({ length: s.rows }, () => ({
              id: nextId,
              eventId: `e${nextId++}`,
              key: s.key,
            }));
            open.push({ key: s.key, rows });
          } else if (s.kind === 'commit' || s.kind === 'rollback') {
            if (open.length === 0) continue;
            const [txn] = open.splice(s.pick % open.length, 1);
            if (s.kind === 'commit') {
              txn!.rows.forEach((r) => table.set(r.id, r));
              committedRows.push(...txn!.rows);
            }
          } else relayOnce(s.batchSize, s.crash);
        }
        for (const txn of open.splice(0)) {
          txn.rows.forEach((r) => table.set(r.id, r));
          committedRows.push(...txn.rows);
        }
        while (table.size > 0) relayOnce(3, 'none');

        expect(log.map((r) => r.eventId).sort()).toEqual(committedRows.map((r) => r.eventId).sort());
        for (let key = 0; key <= 4; key++) {
          const ids = log.filter((r) => r.key === key).map((r) => r.id);
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
        }
      }),
      { numRuns: 500 },
    );
  });
});
