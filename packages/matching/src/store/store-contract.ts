// The contract every ResolutionStore meets, as a vitest suite a store's own test file calls, so the
// in-memory store and the matcher's Postgres store run the very same cases. Exported as
// `@rapport/matching/store-contract` (test code only: it imports vitest).
import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '@rapport/contracts';
import { changedRecord, crowdedBlocking, crowdedPopulation } from '../fixtures/crowded.fixture.ts';
import { handModel, person } from '../fixtures/person.fixture.ts';
import { DEFAULT_NORMALISE } from '../normalise/options.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import { resolveBatch } from '../resolve/batch.ts';
import type { EngineConfig } from '../resolve/config.ts';
import { createEngine } from '../resolve/engine.ts';
import { resolveChanges } from '../resolve/incremental.ts';
import { outcomeOf } from '../resolve/outcome.ts';
import type { RecordChange } from '../resolve/record-change.ts';
import { emptyWrite, type Edge, type ResolutionStore, type StoreWrite } from '../resolve/resolution-store.ts';

/** A store under test. `run` is one unit of work (a database store: one transaction). */
export type StoreHarness = {
  run<T>(work: (store: ResolutionStore) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

const prepared = (r: PersonRecord) => prepareRecord(r, DEFAULT_NORMALISE);
const anna = person('a', {
  givenName: 'Anna',
  familyName: 'Smith',
  birthDate: '1980-07-04',
  emails: [{ address: 'anna@x.org', verified: true }],
  phones: [{ number: '+61412345678', type: 'mobile' }],
  addresses: [{ streetNumber: '12', line1: 'Oak St', locality: 'Springfield', postcode: '2000' }],
  handles: [{ platform: 'instagram', handle: 'annie', linkedByOwner: true }],
  cards: [{ program: 'club', number: '123' }],
});

const write = (parts: Partial<StoreWrite>): StoreWrite => ({ ...emptyWrite(), ...parts });

const edge = (a: string, b: string, fields: Partial<Edge> = {}): Edge => ({
  a,
  b,
  kind: 'link',
  tier: 2,
  weight: 12.345678901234567,
  reason: 'threshold:link',
  related: undefined,
  refusedBy: undefined,
  ...fields,
});

const placed = (record: string, cluster: string, component = cluster.slice(2)) => ({
  record,
  cluster,
  component,
});

export function describeResolutionStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  const withStore = (body: (h: StoreHarness) => Promise<void>) => async () => {
    const h = await open();
    try {
      await body(h);
    } finally {
      await h.close();
    }
  };

  describe(`${name}: the ResolutionStore contract`, () => {
    it(
      'gives records back as written, with their placement, and forgets removed ones',
      withStore(async (h) => {
        const b = person('b', { fullName: 'Bob Jones', emails: [{ address: 'bob@x.org' }] });
        await h.run((s) =>
          s.write(
            write({
              records: {
                put: [
                  { id: 'a', source: anna, prepared: prepared(anna), overloaded: ['+61412345678'] },
                  { id: 'b', source: b, prepared: prepared(b), overloaded: [] },
                ],
                remove: [],
              },
              placements: { put: [placed('a', 'c:a'), placed('b', 'c:a', 'a')], remove: [] },
            }),
          ),
        );
        const got = await h.run((s) => s.records(['a', 'b', 'nobody']));
        expect([...got.keys()].sort()).toEqual(['a', 'b']);
        expect(got.get('a')).toEqual({
          id: 'a',
          prepared: prepared(anna),
          overloaded: ['+61412345678'],
          cluster: 'c:a',
          component: 'a',
        });
        // The engine compares prepared forms by their serialisation: it must survive the store unchanged.
        expect(JSON.stringify(got.get('a')!.prepared)).toBe(JSON.stringify(prepared(anna)));
        expect(got.get('b')).toMatchObject({ cluster: 'c:a', component: 'a', overloaded: [] });

        const renamed = { ...b, givenName: 'Robert' };
        await h.run((s) =>
          s.write(
            write({
              records: {
                put: [{ id: 'b', source: renamed, prepared: prepared(renamed), overloaded: [] }],
                remove: ['a'],
              },
              placements: { put: [placed('b', 'c:b')], remove: ['a'] },
            }),
          ),
        );
        // Only the identifier limit changed the record: the source is left out and stays as stored.
        await h.run((s) =>
          s.write(
            write({
              records: { put: [{ id: 'b', prepared: prepared(renamed), overloaded: [] }], remove: [] },
            }),
          ),
        );
        const after = await h.run((s) => s.records(['a', 'b']));
        expect([...after.keys()]).toEqual(['b']);
        expect(after.get('b')).toEqual({
          id: 'b',
          prepared: prepared(renamed),
          overloaded: [],
          cluster: 'c:b',
          component: 'b',
        });
      }),
    );

    it(
      'answers block sizes, and members up to the number asked',
      withStore(async (h) => {
        const rows = (key: string, ...records: string[]) => records.map((record) => ({ key, record }));
        await h.run((s) =>
          s.write(
            write({
              keys: {
                add: [...rows('email\u001fx', 'a', 'b', 'c'), ...rows('phone\u001fy', 'a')],
                remove: [],
              },
            }),
          ),
        );
        const got = await h.run((s) =>
          s.blocks(
            new Map([
              ['email\u001fx', 3],
              ['phone\u001fy', 0],
              ['none', 5],
            ]),
          ),
        );
        expect([...got.get('email\u001fx')!.members!].sort()).toEqual(['a', 'b', 'c']);
        expect(got.get('email\u001fx')!.size).toBe(3);
        expect(got.get('phone\u001fy')!.members).toBeUndefined();
        expect(got.get('phone\u001fy')!.size).toBeGreaterThan(0);
        expect(got.get('none')).toEqual({ size: 0, members: [] });
        const over = await h.run((s) => s.blocks(new Map([['email\u001fx', 2]])));
        expect(over.get('email\u001fx')!.members).toBeUndefined();
        expect(over.get('email\u001fx')!.size).toBeGreaterThan(2);

        await h.run((s) =>
          s.write(write({ keys: { add: rows('phone\u001fy', 'b'), remove: rows('email\u001fx', 'b') } })),
        );
        const after = await h.run((s) =>
          s.blocks(
            new Map([
              ['email\u001fx', 5],
              ['phone\u001fy', 5],
            ]),
          ),
        );
        expect([...after.get('email\u001fx')!.members!].sort()).toEqual(['a', 'c']);
        expect(after.get('email\u001fx')!.size).toBe(2);
        expect([...after.get('phone\u001fy')!.members!].sort()).toEqual(['a', 'b']);
      }),
    );

    it(
      'counts people per identifier (nameless records are nobody) and their records, and lists carriers',
      withStore(async (h) => {
        const carry = (value: string, record: string, person: string) => ({ value, record, person });
        await h.run((s) =>
          s.write(
            write({
              identifiers: {
                add: [
                  carry('+6100', 'a', 'a|S530'),
                  carry('+6100', 'a2', 'a|S530'),
                  carry('+6100', 'b', 'b|S530'),
                  carry('+6100', 'x', ''),
                  carry('+6100', 'c', 'c|O216'),
                  carry('me@x.org', 'a', 'a|S530'),
                ],
                remove: [],
              },
            }),
          ),
        );
        const ask = new Map([
          ['+6100', ['a|S530', 'z|Z000']],
          ['me@x.org', []],
          ['nobody@x.org', ['a|S530']],
        ]);
        const got = await h.run((s) => s.identifiers(ask, 10));
        expect(got.get('+6100')!.people).toBe(3);
        expect(got.get('+6100')!.recordsOf).toEqual(
          new Map([
            ['a|S530', 2],
            ['z|Z000', 0],
          ]),
        );
        expect(got.get('me@x.org')!.people).toBe(1);
        expect(got.get('nobody@x.org')).toEqual({ people: 0, recordsOf: new Map([['a|S530', 0]]) });
        // Counting may stop past `atMost`.
        expect(
          (await h.run((s) => s.identifiers(new Map([['+6100', []]]), 1))).get('+6100')!.people,
        ).toBeGreaterThan(1);
        const carriers = await h.run((s) => s.carriers(['+6100', 'nobody@x.org']));
        expect([...carriers.get('+6100')!].sort()).toEqual(['a', 'a2', 'b', 'c', 'x']);
        expect(carriers.get('nobody@x.org') ?? []).toEqual([]);

        await h.run((s) =>
          s.write(
            write({
              identifiers: {
                add: [],
                remove: [carry('+6100', 'a', 'a|S530'), carry('+6100', 'b', 'b|S530')],
              },
            }),
          ),
        );
        const after = await h.run((s) => s.identifiers(new Map([['+6100', ['a|S530', 'b|S530']]]), 10));
        expect(after.get('+6100')).toEqual({
          people: 2,
          recordsOf: new Map([
            ['a|S530', 1],
            ['b|S530', 0],
          ]),
        });
      }),
    );

    it(
      'keeps one edge per pair, found from either end, replaced and removed as told',
      withStore(async (h) => {
        const ab = edge('a', 'b');
        const bc = edge('b', 'c', {
          kind: 'separate',
          weight: -7.25,
          reason: 'threshold:separate',
          related: ['household-address', 'shared-landline'],
        });
        const cd = edge('c', 'd', { kind: 'review', tier: 1, weight: -0.1, reason: 'threshold:review' });
        await h.run((s) => s.write(write({ edges: { put: [ab, bc, cd], remove: [] } })));
        const sorted = (es: Edge[]) => [...es].sort((x, y) => (x.a + x.b < y.a + y.b ? -1 : 1));
        expect(sorted(await h.run((s) => s.edges(['b'])))).toEqual([ab, bc]);
        expect(sorted(await h.run((s) => s.edges(['a', 'b', 'c'])))).toEqual([ab, bc, cd]);
        expect(await h.run((s) => s.edges(['nobody']))).toEqual([]);
        expect(await h.run((s) => s.edges(['b', 'c'], true))).toEqual([ab]);

        const refused = { ...ab, refusedBy: 'size-cap' };
        await h.run((s) => s.write(write({ edges: { put: [refused], remove: [{ a: 'c', b: 'd' }] } })));
        expect(sorted(await h.run((s) => s.edges(['a', 'c', 'd'])))).toEqual([refused, bc]);
      }),
    );

    it(
      'keeps a decision once, found from either end, whether or not its records exist',
      withStore(async (h) => {
        await h.run((s) =>
          s.write(
            write({
              decisions: [
                { kind: 'together', a: 'a', b: 'b', by: 'steward-1' },
                { kind: 'apart', a: 'b', b: 'c' },
              ],
            }),
          ),
        );
        await h.run((s) =>
          s.write(write({ decisions: [{ kind: 'together', a: 'b', b: 'a', by: 'steward-2' }] })),
        );
        const of = async (id: string) =>
          (await h.run((s) => s.decisions([id])))
            .map((d) => `${d.kind}:${[d.a, d.b].sort().join('')}`)
            .sort();
        expect(await of('a')).toEqual(['together:ab']);
        expect(await of('b')).toEqual(['apart:bc', 'together:ab']);
        expect(await h.run((s) => s.decisions(['a', 'b', 'c']))).toHaveLength(2);
        expect(await h.run((s) => s.decisions(['z']))).toEqual([]);
      }),
    );

    it(
      'withdraws a revoked decision and keeps the others',
      withStore(async (h) => {
        await h.run((s) =>
          s.write(
            write({
              decisions: [
                { kind: 'together', a: 'a', b: 'b' },
                { kind: 'apart', a: 'a', b: 'b' },
                { kind: 'apart', a: 'b', b: 'c' },
              ],
            }),
          ),
        );
        await h.run((s) => s.write(write({ revokedDecisions: [{ kind: 'together', a: 'b', b: 'a' }] })));
        const kinds = (await h.run((s) => s.decisions(['a', 'b'])))
          .map((d) => `${d.kind}:${[d.a, d.b].sort().join('')}`)
          .sort();
        expect(kinds).toEqual(['apart:ab', 'apart:bc']);
      }),
    );

    it(
      'answers whole components and clusters',
      withStore(async (h) => {
        await h.run((s) =>
          s.write(
            write({
              placements: {
                put: [
                  placed('a', 'c:a', 'a'),
                  placed('b', 'c:a', 'a'),
                  placed('c', 'c:c', 'a'),
                  placed('d', 'c:d', 'd'),
                ],
                remove: [],
              },
            }),
          ),
        );
        const members = async (ids: string[]) =>
          (await h.run((s) => s.components(ids)))
            .map((p) => `${p.record}:${p.cluster}:${p.component}`)
            .sort();
        expect(await members(['c'])).toEqual(['a:c:a:a', 'b:c:a:a', 'c:c:c:a']);
        expect(await members(['b', 'd', 'nobody'])).toEqual(['a:c:a:a', 'b:c:a:a', 'c:c:c:a', 'd:c:d:d']);
        expect(await h.run((s) => s.clusters(['c:a', 'c:d', 'c:nobody']))).toEqual(
          new Map([
            ['c:a', ['a', 'b']],
            ['c:d', ['d']],
          ]),
        );
        await h.run((s) => s.write(write({ placements: { put: [placed('c', 'c:c', 'c')], remove: ['b'] } })));
        expect(await members(['a'])).toEqual(['a:c:a:a']);
        expect(await members(['c'])).toEqual(['c:c:c:c']);
      }),
    );

    it(
      'resolves through the engine to the batch result, with tight caps and shared identifiers',
      withStore(async (h) => {
        const config: Partial<EngineConfig> = {
          maxBlockSize: 3,
          maxPeoplePerIdentifier: 2,
          maxClusterSize: 3,
          blocking: crowdedBlocking,
        };
        const model = handModel();
        const engine = createEngine({ model, config });
        const records = crowdedPopulation(11, 7);
        const changes: RecordChange[] = [
          ...records.map((record) => ({ kind: 'upsert' as const, record })),
          { kind: 'upsert', record: changedRecord(records[3]!, records[9]!, 1) },
          { kind: 'delete', recordId: records[5]!.recordId },
          { kind: 'decision', decision: { kind: 'apart', a: records[0]!.recordId, b: records[1]!.recordId } },
          {
            kind: 'decision',
            decision: { kind: 'together', a: records[2]!.recordId, b: records[8]!.recordId },
          },
        ];
        let flipped = 0;
        let dropped = 0;
        for (let i = 0; i < changes.length; i += 7) {
          const { stats } = await h.run((s) => resolveChanges(engine, s, changes.slice(i, i + 7)));
          flipped += stats.flippedBlocks + stats.flippedValues;
          dropped += stats.droppedEdges;
        }
        expect(flipped).toBeGreaterThan(0);
        expect(dropped).toBeGreaterThan(0);
        const final = [
          ...new Map(
            changes.flatMap((c) => (c.kind === 'upsert' ? [[c.record.recordId, c.record] as const] : [])),
          ).values(),
        ].filter((r) => r.recordId !== records[5]!.recordId);
        const decisions = changes.flatMap((c) => (c.kind === 'decision' ? [c.decision] : []));
        const ids = records.map((r) => r.recordId);
        const got = await h.run(async (s) => {
          const stored = await s.records(ids);
          return outcomeOf(
            [...stored.values()].map((r) => ({ record: r.id, cluster: r.cluster })),
            await s.edges(ids),
          );
        });
        const batch = resolveBatch(final, { model, config, decisions });
        expect(got).toEqual({
          assignments: batch.assignments,
          reviewPairs: batch.reviewPairs,
          related: batch.related,
        });
      }),
    );
  });
}
