import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '@rapport/contracts';
import { DEFAULT_BLOCKING } from '../block/rules.ts';
import { handModel, person } from '../fixtures/person.fixture.ts';
import { resolveBatch, type BatchOptions } from './batch.ts';

// With the hand model: exact field +8 bits, near miss +4, different -4, prior -10; link at >= 0 bits.
const model = handModel();
const resolve = (records: PersonRecord[], opts: Partial<BatchOptions> = {}) =>
  resolveBatch(records, { model, ...opts });
const together = (res: ReturnType<typeof resolve>, a: string, b: string) =>
  res.assignments.get(a) === res.assignments.get(b);

const anna = { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04' };
// The default rules without the one that compares a small file whole, for tests of what keys generate.
const keyedOnly = { blocking: DEFAULT_BLOCKING.filter((rule) => rule.on.length > 0) };

describe('resolveBatch', () => {
  it('links a duplicate with typos and names the cluster after its smallest record id', () => {
    const res = resolve([
      person('b', { ...anna, familyName: 'Smiht' }),
      person('a', anna),
      person('c', { givenName: 'Boris', familyName: 'Ivanov', birthDate: '1955-01-02' }),
    ]);
    expect(res.assignments.get('a')).toBe('c:a');
    expect(res.assignments.get('b')).toBe('c:a');
    expect(res.assignments.get('c')).toBe('c:c');
    expect(res.stats.links).toBe(1);
  });

  it('sends a pair between the thresholds to review', () => {
    // +8 +8 for the names, -4 -4 for birth date and email, -10 prior: -2 bits, probability 0.2.
    const records = [
      person('a', { ...anna, emails: [{ address: 'a@x.com' }] }),
      person('b', {
        givenName: 'Anna',
        familyName: 'Smith',
        birthDate: '1962-02-19',
        emails: [{ address: 'b@y.com' }],
      }),
    ];
    const res = resolve(records, { config: { reviewProbability: 0.1 } });
    expect(together(res, 'a', 'b')).toBe(false);
    expect(res.reviewPairs).toEqual([
      expect.objectContaining({ a: 'a', b: 'b', reason: 'threshold:review' }),
    ]);
    // One chance in five is below the default floor: a look would mostly confirm "apart".
    expect(resolve(records).reviewPairs).toEqual([]);
  });

  it('links on deterministic evidence whatever the score', () => {
    const res = resolve([
      person('a', { givenName: 'Anna', cards: [{ program: 'club', number: '123' }] }),
      person('b', { givenName: 'Zed', cards: [{ program: 'CLUB', number: '1 2 3' }] }),
      person('c', { emails: [{ address: 'x.y@gmail.com', verified: true }] }),
      person('d', { emails: [{ address: 'xy+shop@gmail.com', verified: true }] }),
      person('e', { handles: [{ platform: 'instagram', handle: 'annie', linkedByOwner: true }] }),
      person('f', { source: 'social', handles: [{ platform: 'instagram', handle: '@Annie' }] }),
    ]);
    expect(together(res, 'a', 'b')).toBe(true);
    expect(together(res, 'c', 'd')).toBe(true);
    expect(together(res, 'e', 'f')).toBe(true);
  });

  it('never links two different cards of one programme (merge protection), but shows the pair', () => {
    const res = resolve([
      person('a', { ...anna, cards: [{ program: 'club', number: '1' }] }),
      person('b', { ...anna, cards: [{ program: 'club', number: '2' }] }),
    ]);
    expect(together(res, 'a', 'b')).toBe(false);
    expect(res.reviewPairs[0]?.reason).toBe('guard:different-cards:club');
  });

  it('ignores junk values: they neither block nor count', () => {
    const res = resolve(
      [
        person('a', { emails: [{ address: 'test@test.com', verified: true }] }),
        person('b', { emails: [{ address: 'TEST@test.com', verified: true }] }),
      ],
      { config: keyedOnly },
    );
    expect(together(res, 'a', 'b')).toBe(false);
    expect(res.stats.comparisons).toBe(0);
  });

  it('stops trusting a phone used by more distinct people than the limit', () => {
    const names = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus', 'hal'];
    const records = names.map((n, i) =>
      person(`r${i}`, {
        givenName: n,
        familyName: `fam${n}`,
        phones: [{ number: '0299998888', verified: true }],
      }),
    );
    const res = resolve(records);
    expect(new Set(res.assignments.values()).size).toBe(names.length);
    expect(res.stats.overloadedIdentifiers).toBe(1);
    const household = resolve(records.slice(0, 3));
    expect(new Set(household.assignments.values()).size).toBe(1);
  });

  it('does not chain: A-B and B-C link but A and C contradict', () => {
    const res = resolve([
      person('a', {
        givenName: 'Anna',
        familyName: 'Smith',
        birthDate: '1980-07-04',
        emails: [{ address: 'anna@x.com' }],
      }),
      person('b', {
        familyName: 'Smith',
        emails: [{ address: 'anna@x.com' }],
        phones: [{ number: '0412345678' }],
      }),
      person('c', {
        givenName: 'Boris',
        familyName: 'Smith',
        birthDate: '1941-12-30',
        phones: [{ number: '0412345678' }],
      }),
    ]);
    expect(together(res, 'a', 'c')).toBe(false);
    expect(together(res, 'a', 'b') || together(res, 'b', 'c')).toBe(true);
    expect(res.stats.refusedByGuard['contradiction']).toBe(1);
    expect(res.reviewPairs.some((p) => p.reason.endsWith('guard:contradiction'))).toBe(true);
  });

  it('keeps a bridge record from joining two different cards of one programme', () => {
    const res = resolve([
      person('a', { ...anna, cards: [{ program: 'club', number: '1' }] }),
      person('b', { givenName: 'Anna', familyName: 'Smith', birthDate: '1980' }),
      person('c', { ...anna, cards: [{ program: 'club', number: '2' }] }),
    ]);
    expect(together(res, 'a', 'c')).toBe(false);
  });

  it('caps cluster size and sends further links to review', () => {
    const records = ['a', 'b', 'c', 'd', 'e'].map((id) =>
      person(id, { ...anna, emails: [{ address: 'anna@x.com' }] }),
    );
    const res = resolve(records, { config: { maxClusterSize: 3 } });
    const sizes = new Map<string, number>();
    for (const c of res.assignments.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBe(3);
    expect(res.stats.refusedByGuard['size-cap']).toBeGreaterThan(0);
  });

  it('honours steward decisions both ways', () => {
    const records = [
      person('a', anna),
      person('b', anna),
      person('c', { givenName: 'Zed', familyName: 'Q' }),
    ];
    const res = resolve(records, {
      decisions: [
        { kind: 'apart', a: 'a', b: 'b' },
        { kind: 'together', a: 'c', b: 'a' },
      ],
    });
    expect(together(res, 'a', 'b')).toBe(false);
    expect(together(res, 'a', 'c')).toBe(true);
  });

  it('reports a shared household address as a relationship, not a merge', () => {
    const address = { streetNumber: '12', line1: 'Oak Street', locality: 'Springfield', postcode: '2000' };
    const res = resolve([
      person('a', { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04', addresses: [address] }),
      person('b', { givenName: 'Boris', familyName: 'Smith', birthDate: '1978-02-11', addresses: [address] }),
    ]);
    expect(together(res, 'a', 'b')).toBe(false);
    // Relatives by every personal field: no steward's maybe.
    expect(res.reviewPairs).toEqual([]);
    expect(res.related).toEqual([
      { kind: 'household-address', clusters: ['c:a', 'c:b'], records: ['a', 'b'] },
    ]);
  });

  it('counts comparisons per blocking rule and pair completeness against labels', () => {
    const res = resolve(
      [
        person('a', anna),
        person('b', anna),
        person('c', { givenName: 'Zed', familyName: 'Q' }),
        person('d', { givenName: 'Zed', familyName: 'R' }),
      ],
      {
        config: keyedOnly,
        labels: new Map([
          ['a', '1'],
          ['b', '1'],
          ['c', '2'],
          ['d', '2'],
        ]),
      },
    );
    expect(res.stats.comparisonsByRule['names-any-order']).toBe(1);
    expect(res.stats.comparisons).toBe(1);
    expect(res.stats.pairCompleteness).toBe(0.5);
  });

  it('reports progress', () => {
    const seen: number[] = [];
    resolve([person('a', anna)], { onProgress: (done, total) => seen.push(done / total) });
    expect(seen.at(-1)).toBe(1);
  });

  it('reads records from any iterable, once each, with the same outcome as an array in any order', () => {
    const records = [
      person('b', { ...anna, familyName: 'Smiht', emails: [{ address: 'anna@x.com' }] }),
      person('a', { ...anna, emails: [{ address: 'anna@x.com' }] }),
      person('d', {
        givenName: 'Anna',
        familyName: 'Smith',
        birthDate: '1962-02-19',
        emails: [{ address: 'other@y.com' }],
      }),
      person('c', { givenName: 'Boris', familyName: 'Ivanov', birthDate: '1955-01-02' }),
    ];
    let reads = 0;
    function* stream(): Generator<PersonRecord> {
      for (const r of records) {
        reads++;
        yield r;
      }
    }
    const config = { reviewProbability: 0.1 };
    const fromStream = resolveBatch(stream(), { model, config });
    expect(reads).toBe(records.length);
    const fromArray = resolve([...records].reverse(), { config });
    expect([...fromStream.assignments]).toEqual([...fromArray.assignments]);
    expect(fromStream.reviewPairs).toEqual(fromArray.reviewPairs);
    expect([...fromStream.assignments.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(fromStream.assignments.get('b')).toBe('c:a');
    expect(fromStream.reviewPairs.map((p) => [p.a, p.b])).toEqual([['a', 'd']]);
  });
});
