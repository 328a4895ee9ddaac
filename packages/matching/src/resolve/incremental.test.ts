import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '@rapport/contracts';
import { handModel, person, population } from '../fixtures/person.fixture.ts';
import { explainRecord } from '../explain/record.ts';
import { MemoryResolutionStore } from '../store/memory-store.ts';
import { createEngine } from './engine.ts';
import { resolveChanges } from './incremental.ts';
import type { RecordChange } from './record-change.ts';

const engine = createEngine({ model: handModel() });
const anna = { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04' };
const upsert = (record: PersonRecord): RecordChange => ({ kind: 'upsert', record });

function resolver() {
  const store = new MemoryResolutionStore();
  return { store, apply: (...changes: RecordChange[]) => resolveChanges(engine, store, changes) };
}

describe('resolveChanges', () => {
  it('reports created, merged, split and deleted clusters with their members', async () => {
    const { store, apply } = resolver();
    expect((await apply(upsert(person('b', anna)))).changes).toEqual([
      { kind: 'created', cluster: 'c:b', before: [], after: ['b'], from: [], to: [] },
    ]);
    await apply(
      upsert(person('d', { givenName: 'Anna', familyName: 'Smith', emails: [{ address: 'z@q.com' }] })),
    );
    // A record bridging both clusters merges them; the merged cluster keeps the smaller id.
    const merged = await apply(upsert(person('e', { ...anna, emails: [{ address: 'z@q.com' }] })));
    expect(merged.changes).toEqual([
      { kind: 'merged', cluster: 'c:b', before: ['b'], after: ['b', 'd', 'e'], from: ['c:d'], to: [] },
      { kind: 'deleted', cluster: 'c:d', before: ['d'], after: [], from: [], to: ['c:b'] },
    ]);
    expect(merged.clusterOf).toEqual(new Map([['e', 'c:b']]));
    // A record with a smaller id than the cluster's anchor renames it: the ids follow the members.
    const renamed = await apply(upsert(person('a', anna)));
    expect(renamed.changes).toEqual([
      { kind: 'created', cluster: 'c:a', before: [], after: ['a', 'b', 'd', 'e'], from: ['c:b'], to: [] },
      { kind: 'deleted', cluster: 'c:b', before: ['b', 'd', 'e'], after: [], from: [], to: ['c:a'] },
    ]);
    expect([...store.snapshot().assignments.values()]).toEqual(['c:a', 'c:a', 'c:a', 'c:a']);
  });

  it('splits a cluster when its bridge is deleted, keeping the id with the part holding the anchor', async () => {
    const { store, apply } = resolver();
    await apply(
      upsert(person('a', { givenName: 'Anna', familyName: 'Smith', emails: [{ address: 'a@x.com' }] })),
      upsert(
        person('c', {
          givenName: 'Boris',
          familyName: 'Smith',
          phones: [{ number: '0412345678' }],
          birthDate: '1930-01-01',
        }),
      ),
      upsert(
        person('b', {
          emails: [{ address: 'a@x.com' }],
          phones: [{ number: '0412345678' }],
          familyName: 'Smith',
        }),
      ),
    );
    expect(new Set(store.snapshot().assignments.values())).toEqual(new Set(['c:a']));
    const res = await apply({ kind: 'delete', recordId: 'b' });
    expect(res.changes).toEqual([
      { kind: 'split', cluster: 'c:a', before: ['a', 'b', 'c'], after: ['a'], from: [], to: ['c:c'] },
      { kind: 'created', cluster: 'c:c', before: [], after: ['c'], from: ['c:a'], to: [] },
    ]);
    expect(res.clusterOf).toEqual(new Map([['b', undefined]]));
  });

  it('applies steward decisions to later resolutions and explains them', async () => {
    const { store, apply } = resolver();
    await apply(upsert(person('a', anna)), upsert(person('b', anna)));
    expect(store.snapshot().assignments.get('b')).toBe('c:a');
    const apart = await apply({ kind: 'decision', decision: { kind: 'apart', a: 'a', b: 'b' } });
    expect(apart.changes.map((c) => [c.kind, c.cluster])).toEqual([
      ['split', 'c:a'],
      ['created', 'c:b'],
    ]);
    await apply(upsert(person('b', { ...anna, emails: [{ address: 'new@x.com' }] })));
    expect(store.snapshot().assignments.get('b')).toBe('c:b');
    const why = await explainRecord(engine, store, 'b', 'c:a');
    expect(why.inCluster).toBe(false);
    expect(why.evidence).toEqual([expect.objectContaining({ other: 'a', kind: 'steward-apart' })]);
  });

  it('re-resolves a pair when its decision is revoked, and lets a later decision in the batch stand', async () => {
    const { store, apply } = resolver();
    const other = { givenName: 'Boris', familyName: 'Jones' };
    await apply(upsert(person('a', anna)), upsert(person('b', other)));
    await apply({ kind: 'decision', decision: { kind: 'together', a: 'a', b: 'b' } });
    expect(store.snapshot().assignments.get('b')).toBe('c:a');
    const revoked = await apply({ kind: 'revoke', a: 'b', b: 'a' });
    expect(revoked.changes.map((c) => [c.kind, c.cluster])).toEqual([
      ['split', 'c:a'],
      ['created', 'c:b'],
    ]);
    expect(await store.decisions(['a'])).toEqual([]);
    // Revoked, then decided again in one batch: what applying them in turn would leave.
    await apply(
      { kind: 'decision', decision: { kind: 'apart', a: 'a', b: 'b' } },
      { kind: 'revoke', a: 'a', b: 'b' },
      { kind: 'decision', decision: { kind: 'together', a: 'a', b: 'b' } },
    );
    expect((await store.decisions(['a'])).map((d) => d.kind)).toEqual(['together']);
    expect(store.snapshot().assignments.get('b')).toBe('c:a');
    // Revoking what is stored and deciding the same again in one batch keeps the stored decision.
    const again = await apply(
      { kind: 'revoke', a: 'a', b: 'b' },
      { kind: 'decision', decision: { kind: 'together', a: 'a', b: 'b' } },
    );
    expect(again.changes).toEqual([]);
    expect((await store.decisions(['b'])).map((d) => d.kind)).toEqual(['together']);
  });

  it('honours a decision that arrives before its records', async () => {
    const { store, apply } = resolver();
    await apply({ kind: 'decision', decision: { kind: 'together', a: 'x', b: 'y' } });
    await apply(upsert(person('x', { givenName: 'Xena' })));
    await apply(upsert(person('y', { givenName: 'Yves', familyName: 'Other' })));
    expect(store.snapshot().assignments).toEqual(
      new Map([
        ['x', 'c:x'],
        ['y', 'c:x'],
      ]),
    );
  });

  it('lets the last change of a record in a batch win, and changes nothing when a batch is replayed', async () => {
    const { store, apply } = resolver();
    const batch = [
      upsert(person('a', anna)),
      { kind: 'delete', recordId: 'a' } as const,
      upsert(person('b', anna)),
      upsert(person('a', anna)),
    ];
    await apply(...batch);
    const after = store.snapshot();
    expect(after.assignments.get('a')).toBe('c:a');
    const replay = await apply(...batch);
    expect(replay.changes).toEqual([]);
    expect(replay.stats.rescored).toBe(0);
    expect(store.snapshot()).toEqual(after);
  });

  it('reads through the store a bounded number of times, whatever the batch size', async () => {
    const records = population(7, 150);
    const one = resolver();
    const small = await one.apply(upsert(records[0]!));
    const all = resolver();
    const large = await all.apply(...records.map(upsert));
    expect(large.stats.records).toBe(records.length);
    expect(small.stats.storeCalls).toBeLessThanOrEqual(11);
    expect(large.stats.storeCalls).toBeLessThanOrEqual(15);
  });

  it('does not mutate its inputs', async () => {
    const { apply } = resolver();
    const freeze = <T>(x: T): T => {
      if (x !== null && typeof x === 'object') {
        for (const v of Object.values(x)) freeze(v);
        Object.freeze(x);
      }
      return x;
    };
    const changes = freeze(population(3, 20).map(upsert));
    const copy = structuredClone(changes);
    await apply(...changes);
    expect(changes).toEqual(copy);
  });
});
