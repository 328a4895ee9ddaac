import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '@rapport/contracts';
import { handModel, person } from '../fixtures/person.fixture.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import type { EngineConfig } from '../resolve/config.ts';
import { createEngine } from '../resolve/engine.ts';
import { resolveChanges } from '../resolve/incremental.ts';
import type { RecordChange } from '../resolve/record-change.ts';
import { MemoryResolutionStore } from '../store/memory-store.ts';
import { rankCandidates } from './candidates.ts';
import { explainCluster } from './cluster.ts';
import { explainStoredPair } from './stored-pair.ts';

const card = (number: string) => [{ program: 'club', number }];
const email = (address: string) => [{ address }];

async function resolved(records: PersonRecord[], more: RecordChange[] = [], config?: Partial<EngineConfig>) {
  const engine = createEngine({ model: handModel(), ...(config && { config }) });
  const store = new MemoryResolutionStore();
  await resolveChanges(engine, store, [
    ...records.map((record): RecordChange => ({ kind: 'upsert', record })),
    ...more,
  ]);
  return { engine, store, why: (a: string, b: string) => explainStoredPair(engine, store, a, b) };
}

describe('explainStoredPair', () => {
  it('names the rule of a direct link, and a chain through other records', async () => {
    const { why } = await resolved([
      person('a', { givenName: 'Anna', familyName: 'Smith', emails: email('anna@x.org') }),
      person('b', { givenName: 'Ann', emails: email('anna@x.org'), cards: card('7') }),
      person('c', { cards: card('7') }),
    ]);
    const ab = await why('b', 'a');
    expect(ab).toMatchObject({ a: 'a', b: 'b', together: true, clusters: ['c:a', 'c:a'] });
    expect(ab?.because).toMatch(/^deterministic:|^threshold:link$/);
    expect(ab?.edge?.kind).toBe('link');
    expect(ab?.pair.comparisons.length).toBeGreaterThan(0);
    const ac = await why('a', 'c');
    expect(ac).toMatchObject({ together: true, because: 'linked-through-other-records', edge: undefined });
    // Shared: only the catch-all block of a small population, which compared them.
    expect(ac?.blocks).toEqual([{ rule: 'all-pairs', size: 3, cap: 2000 }]);
  });

  it('names the steward, a guard, and records never compared', async () => {
    const anna = { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04' };
    const { why } = await resolved(
      [
        person('a', { ...anna, cards: card('1') }),
        person('b', { ...anna, cards: card('2') }),
        person('c', anna),
        person('d', anna),
        person('e', { givenName: 'Zed', familyName: 'Other' }),
      ],
      [{ kind: 'decision', decision: { kind: 'apart', a: 'd', b: 'c' } }],
    );
    expect(await why('c', 'd')).toMatchObject({ together: false, because: 'steward:apart' });
    expect(await why('a', 'b')).toMatchObject({ together: false, because: 'guard:different-cards:club' });
    expect(await why('a', 'e')).toMatchObject({ together: false, because: 'threshold:separate' });
    expect(await why('a', 'nobody')).toBeUndefined();

    const mia = { givenName: 'Mia', familyName: 'Lund' };
    // Tight caps on a names rule and on the catch-all block, so both are over them here.
    const capped = await resolved(
      [
        person('f', mia),
        person('g', mia),
        person('h', mia),
        person('z', { givenName: 'Zed', familyName: 'Other' }),
      ],
      [],
      {
        blocking: [
          { name: 'names-any-order', on: ['nameSet'], maxBlockSize: 2 },
          { name: 'all-pairs', on: [], maxBlockSize: 2 },
        ],
      },
    );
    const crowded = await capped.why('f', 'g');
    expect(crowded).toMatchObject({ together: false, because: 'not-compared:blocks-over-cap' });
    expect(crowded?.blocks).toEqual([
      { rule: 'names-any-order', size: 3, cap: 2 },
      { rule: 'all-pairs', size: 4, cap: 2 },
    ]);
    // Only the catch-all block in common, and it is over its cap: no key shared.
    const strangers = await capped.why('f', 'z');
    expect(strangers).toMatchObject({ together: false, because: 'not-compared:no-shared-blocking-key' });
    expect(strangers?.blocks).toEqual([{ rule: 'all-pairs', size: 4, cap: 2 }]);
  });

  it('says which guard held a link back while clustering', async () => {
    const { why } = await resolved(
      [
        person('a', { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04' }),
        person('b', { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04' }),
        person('c', { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04' }),
      ],
      [],
      { maxClusterSize: 2 },
    );
    const refused = await why('a', 'c');
    expect(refused).toMatchObject({ together: false, because: 'refused:size-cap' });
  });
});

describe('explainCluster', () => {
  it('lists the links and steward decisions holding a customer together, with their comparisons', async () => {
    const { engine, store } = await resolved(
      [
        person('a', { givenName: 'Anna', familyName: 'Smith', emails: email('anna@x.org') }),
        person('b', { givenName: 'Ann', emails: email('anna@x.org') }),
        person('c', { phones: [{ number: '0412345678' }] }),
      ],
      [{ kind: 'decision', decision: { kind: 'together', a: 'c', b: 'a', by: 'steward-1' } }],
    );
    const e = await explainCluster(engine, store, 'c:a');
    expect(e?.members).toEqual(['a', 'b', 'c']);
    expect(e?.links.map((l) => [l.a, l.b, l.reason.startsWith('steward') ? l.reason : 'rule'])).toEqual(
      expect.arrayContaining([
        ['a', 'b', 'rule'],
        ['a', 'c', 'steward:together'],
      ]),
    );
    expect(e?.links.every((l) => l.pair !== undefined)).toBe(true);
    expect(e?.decisions).toEqual([{ kind: 'together', a: 'c', b: 'a', by: 'steward-1' }]);
    expect(await explainCluster(engine, store, 'c:nobody')).toBeUndefined();
  });
});

describe('rankCandidates', () => {
  it('ranks by weight, best first, each record once and never the probe', () => {
    const engine = createEngine({ model: handModel() });
    const prep = (r: PersonRecord) => prepareRecord(r, engine.normalise);
    const probe = prep(person('p', { fullName: 'Anna Smith' }));
    const ranked = rankCandidates(engine, probe, [
      prep(person('x', { givenName: 'Zed', familyName: 'Other' })),
      prep(person('y', { givenName: 'Anna', familyName: 'Smith' })),
      prep(person('y', { givenName: 'Anna', familyName: 'Smith' })),
      probe,
    ]);
    expect(ranked.map((c) => c.recordId)).toEqual(['y', 'x']);
    expect(ranked[0]!.weight).toBeGreaterThan(ranked[1]!.weight);
    expect(ranked[0]!.probability).toBeGreaterThan(0);
  });
});
