import { crmContactTopic, loyaltyMemberTopic, personRecordId, socialAuthorTopic } from '@rapport/contracts';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  candidateChanges,
  candidateProbes,
  candidatesOf,
  MAX_CANDIDATES,
  type PossibleMatch,
  type SocialCustomer,
} from '../src/use-cases/customer-candidates.ts';
import type { CustomerRow } from '../src/use-cases/customer-changes.ts';
import { isKnown, isSocial } from '../src/use-cases/record-sources.ts';

const match = (customerId: string, recordId: string, weight: number, own = 'social:x:a'): PossibleMatch => ({
  ownRecordId: own,
  recordId,
  customerId,
  weight,
  reason: 'guard:no-personal-evidence',
  refusedBy: undefined,
});

describe('candidatesOf', () => {
  test('keeps the best pair per customer, most likely first, at most MAX_CANDIDATES', () => {
    const list = candidatesOf([
      match('c:loyalty:p:1', 'loyalty:p:1', 1),
      match('c:crm:2', 'crm:2', 3),
      match('c:loyalty:p:1', 'loyalty:p:9', 2, 'social:y:a'),
      ...Array.from({ length: 12 }, (_, i) => match(`c:crm:x${i}`, `crm:x${i}`, -5 - i)),
    ]);
    expect(list).toHaveLength(MAX_CANDIDATES);
    expect(list.slice(0, 2)).toEqual([
      expect.objectContaining({ customerId: 'c:crm:2', recordId: 'crm:2', matchProbability: 8 / 9 }),
      expect.objectContaining({
        customerId: 'c:loyalty:p:1',
        recordId: 'loyalty:p:9',
        ownRecordId: 'social:y:a',
      }),
    ]);
    expect(list.at(-1)!.customerId).toBe('c:crm:x0');
  });

  test('says a refused link was held back, and names no record or value in its summary', () => {
    const [refused] = candidatesOf([{ ...match('c:crm:2', 'crm:2', 9), refusedBy: 'contradiction' }]);
    expect(refused!.summary).toBe('link held back by the contradiction guard');
    expect(candidatesOf([match('c:crm:2', 'crm:2', 1)])[0]!.summary).toBe(
      'possible match for review (guard:no-personal-evidence)',
    );
  });

  test('depends on the set of stored pairs alone, not on their order', () => {
    const pairs = fc.array(
      fc.record({
        customer: fc.constantFrom('c:crm:1', 'c:crm:2', 'c:loyalty:p:3'),
        record: fc.constantFrom('crm:1', 'crm:2', 'loyalty:p:3', 'loyalty:p:4'),
        own: fc.constantFrom('social:x:a', 'social:y:a'),
        weight: fc.integer({ min: -3, max: 3 }),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(pairs, fc.nat(), (ps, seed) => {
        const matches = ps.map((p) => match(p.customer, p.record, p.weight, p.own));
        const shuffled = [...matches].sort(
          (a, b) => ((a.weight * 31 + seed) % 7) - ((b.weight * 31 + seed) % 7),
        );
        expect(candidatesOf(shuffled)).toEqual(candidatesOf(matches));
      }),
    );
  });
});

describe('candidateProbes', () => {
  test('a record of each changed social-only customer, social ends of written pairs, known records that left their customer', () => {
    const probes = candidateProbes(
      [
        {
          kind: 'created',
          cluster: 'c:social:x:a',
          before: [],
          after: ['social:x:a', 'social:y:a'],
          from: [],
          to: [],
        },
        {
          kind: 'merged',
          cluster: 'c:crm:1',
          before: ['crm:1'],
          after: ['crm:1', 'loyalty:p:1'],
          from: [],
          to: [],
        },
        { kind: 'deleted', cluster: 'c:loyalty:p:1', before: ['loyalty:p:1'], after: [], from: [], to: [] },
        { kind: 'split', cluster: 'c:crm:7', before: ['crm:7', 'crm:8'], after: ['crm:7'], from: [], to: [] },
        { kind: 'deleted', cluster: 'c:social:x:z', before: ['social:x:z'], after: [], from: [], to: [] },
      ],
      [
        { a: 'loyalty:p:5', b: 'social:x:b' },
        { a: 'crm:1', b: 'loyalty:p:1' },
        { a: 'social:x:c', b: 'social:x:d' },
      ],
    );
    // crm:1 stays in its customer and loyalty:p:1 is new to it: only the records that left are probed.
    expect(probes).toEqual({ social: ['social:x:a', 'social:x:b'], known: ['crm:8', 'loyalty:p:1'] });
  });
});

describe('candidateChanges', () => {
  const row = (customerId: string, candidates: CustomerRow['candidates']): CustomerRow => ({
    customerId,
    revision: 1,
    status: 'active',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    candidates,
  });

  test('an unchanged social-only customer is updated only when its candidates differ from those stored', async () => {
    const social = new Map<string, SocialCustomer>([
      ['c:social:x:a', { members: ['social:x:a'], matches: [match('c:crm:1', 'crm:1', 2)] }],
      ['c:social:x:b', { members: ['social:x:b'], matches: [match('c:crm:1', 'crm:1', 2, 'social:x:b')] }],
    ]);
    const stored = new Map([
      ['c:social:x:a', row('c:social:x:a', [])],
      // As read back from jsonb: the same candidates with their keys in another order.
      [
        'c:social:x:b',
        row(
          'c:social:x:b',
          candidatesOf(social.get('c:social:x:b')!.matches).map(
            (c) => Object.fromEntries(Object.entries(c).reverse()) as typeof c,
          ),
        ),
      ],
    ]);
    const prior = new Map<string, CustomerRow>();
    const { candidates, refreshed } = await candidateChanges(
      { socialCustomers: async () => social, customers: async () => stored },
      {
        changes: [],
        pairs: [
          { a: 'crm:1', b: 'social:x:a' },
          { a: 'crm:1', b: 'social:x:b' },
        ],
        prior,
      },
    );
    expect(refreshed).toEqual([
      {
        kind: 'updated',
        cluster: 'c:social:x:a',
        before: ['social:x:a'],
        after: ['social:x:a'],
        from: [],
        to: [],
      },
    ]);
    expect(candidates.get('c:social:x:a')!.map((c) => c.customerId)).toEqual(['c:crm:1']);
    expect([...prior.keys()]).toEqual(['c:social:x:a']);
  });

  test('a new social account the batch rescored whole takes its candidates from the batch, read from nowhere', async () => {
    const edge = (a: string, b: string, kind: 'review' | 'link', weight: number, refusedBy?: string) => ({
      a,
      b,
      kind,
      tier: 2,
      weight,
      reason: 'threshold:review',
      related: undefined,
      refusedBy,
    });
    const fail = async (): Promise<never> => {
      throw new Error('read');
    };
    const { candidates, refreshed } = await candidateChanges(
      { socialCustomers: fail, customers: fail },
      {
        changes: [
          { kind: 'created', cluster: 'c:social:x:a', before: [], after: ['social:x:a'], from: [], to: [] },
        ],
        pairs: [{ a: 'loyalty:p:1', b: 'social:x:a' }],
        prior: new Map(),
        scoring: {
          edges: [
            edge('loyalty:p:1', 'social:x:a', 'review', 1),
            edge('crm:2', 'social:x:a', 'link', 4, 'contradiction'),
            edge('crm:3', 'social:x:a', 'link', 9),
          ],
          rescored: new Set(['social:x:a']),
          edgeClusters: new Map([
            ['loyalty:p:1', 'c:loyalty:p:1'],
            ['crm:2', 'c:crm:2'],
            ['crm:3', 'c:crm:3'],
            ['social:x:a', 'c:social:x:a'],
          ]),
        },
      },
    );
    expect(refreshed).toEqual([]);
    // The accepted link is no candidate (it would have joined them); the refused one is.
    expect(candidates.get('c:social:x:a')!.map((c) => c.customerId)).toEqual(['c:crm:2', 'c:loyalty:p:1']);
  });

  test('reads nothing when the batch touched no social account and no known customer', async () => {
    const fail = async (): Promise<never> => {
      throw new Error('read');
    };
    const out = await candidateChanges(
      { socialCustomers: fail, customers: fail },
      { changes: [], pairs: [{ a: 'social:x:a', b: 'social:x:b' }], prior: new Map() },
    );
    expect(out).toEqual({ candidates: new Map(), refreshed: [] });
  });
});

describe('record ids', () => {
  // readSocialCustomers finds a social account's pairs with loyalty and CRM records under record_b alone.
  test('every loyalty and CRM record id sorts before every social one', () => {
    const known = [loyaltyMemberTopic.name, crmContactTopic.name].map(
      (topic) => `${personRecordId(topic, '')}\u{10ffff}`,
    );
    const social = personRecordId(socialAuthorTopic.name, '');
    for (const k of known) expect(k < social).toBe(true);
    expect(isKnown('crm:1') && isKnown('loyalty:p:1') && isSocial(`${social}x:a`)).toBe(true);
  });
});
