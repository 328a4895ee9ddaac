import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/default-config.ts';
import { counterValue, MS_PER_DAY, type DecayedCounter } from '../time/decayed-counter.ts';
import {
  amplificationOf,
  EMPTY_FEATURES,
  foldFeatures,
  followersOf,
  mergeFeatures,
  postEngagement,
  postFeatures,
  purchaseFeatures,
  withProfile,
  type RecordFeatures,
} from './record-features.ts';

const N = 8;
const day = (d: number) => Date.UTC(2026, 0, 1) + d * MS_PER_DAY;

const purchase = fc.record({
  d: fc.integer({ min: 0, max: 90 }),
  amount: fc.integer({ min: 0, max: 50_000 }),
  id: fc.integer({ min: 0, max: 999 }),
});
const post = fc.record({
  d: fc.integer({ min: 0, max: 90 }),
  engagement: fc.integer({ min: 0, max: 500 }),
  complaint: fc.boolean(),
  id: fc.integer({ min: 0, max: 999 }),
});

/** One source record's features, built the way the service builds them: a profile, then its events merged in. */
const record: fc.Arbitrary<RecordFeatures> = fc
  .record({
    tiers: fc.subarray(['gold', 'silver', 'basic']),
    account: fc.option(
      fc.record({
        key: fc.constantFrom('x:ann', 'x:bo', 'ig:ann'),
        followers: fc.integer({ min: 0, max: 100_000 }),
        observedAt: fc.integer({ min: 0, max: 90 }).map(day),
      }),
    ),
    decisionMaker: fc.boolean(),
    decisionScopes: fc.subarray(['travel', 'purchasing']),
    referredBy: fc.subarray(['loyalty:p:1', 'crm:7']),
    purchases: fc.array(purchase, { maxLength: 4 }),
    posts: fc.array(post, { maxLength: 4 }),
  })
  .map((r) => {
    let f = withProfile(
      EMPTY_FEATURES,
      {
        tiers: r.tiers,
        accounts: r.account ? [r.account] : [],
        decisionMaker: r.decisionMaker,
        decisionScopes: r.decisionScopes,
        referredBy: r.referredBy,
      },
      N,
    );
    for (const p of r.purchases)
      f = mergeFeatures(
        f,
        purchaseFeatures({ eventId: `t${p.id}`, at: day(p.d), amountMinor: p.amount, kind: 'purchase' }),
        N,
      );
    for (const p of r.posts)
      f = mergeFeatures(
        f,
        postFeatures(
          { eventId: `m${p.id}`, at: day(p.d), engagement: p.engagement, isComplaint: p.complaint },
          DEFAULT_CONFIG,
        ),
        N,
      );
    return f;
  });

/** Equal features: exact for everything but the decayed counters, which agree to rounding at any time. */
function expectSame(a: RecordFeatures, b: RecordFeatures) {
  const { engagement: ea, posts: pa, complaints: ca, ...restA } = a;
  const { engagement: eb, posts: pb, complaints: cb, ...restB } = b;
  expect(restA).toEqual(restB);
  for (const [x, y] of [
    [ea, eb],
    [pa, pb],
    [ca, cb],
  ] as [DecayedCounter | null, DecayedCounter | null][]) {
    expect(x === null).toBe(y === null);
    if (x === null || y === null) continue;
    const [vx, vy] = [counterValue(x, day(100)), counterValue(y, day(100))];
    expect(Math.abs(vx - vy)).toBeLessThanOrEqual(1e-9 * Math.max(1, vx));
  }
}

describe('per-record features folded per customer', () => {
  it('fold order does not matter', () => {
    fc.assert(
      fc.property(
        fc
          .array(record, { maxLength: 6 })
          .chain((rs) =>
            fc.tuple(
              fc.constant(rs),
              fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length }),
            ),
          ),
        ([records, shuffled]) => {
          expectSame(foldFeatures(shuffled, N), foldFeatures(records, N));
        },
      ),
    );
  });

  it('a merged customer is the merge of its parts, for any split; each part keeps only its records', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(record, fc.integer({ min: 0, max: 2 })), { maxLength: 8 }), (tagged) => {
        const all = tagged.map(([r]) => r);
        const parts = [0, 1, 2].map((p) => tagged.filter(([, q]) => q === p).map(([r]) => r));
        const folded = parts.map((records) => foldFeatures(records, N));
        expectSame(
          folded.reduce((a, b) => mergeFeatures(a, b, N), EMPTY_FEATURES),
          foldFeatures(all, N),
        );
        // Merging in the other direction and regrouping agrees too (associativity and commutativity).
        expectSame(
          mergeFeatures(folded[2]!, mergeFeatures(folded[1]!, folded[0]!, N), N),
          foldFeatures(all, N),
        );
      }),
    );
  });

  it('the empty features are the identity', () => {
    fc.assert(fc.property(record, (r) => expectSame(mergeFeatures(r, EMPTY_FEATURES, N), r)));
  });

  it('keeps the newest evidence, each event once', () => {
    const a = mergeFeatures(
      purchaseFeatures({ eventId: 'e1', at: day(1), amountMinor: 100, kind: 'purchase' }),
      purchaseFeatures({ eventId: 'e3', at: day(3), amountMinor: 100, kind: 'purchase' }),
      2,
    );
    const b = mergeFeatures(
      a,
      purchaseFeatures({ eventId: 'e2', at: day(2), amountMinor: 100, kind: 'purchase' }),
      2,
    );
    expect(b.evidence.map((e) => e.eventId)).toEqual(['e3', 'e2']);
  });

  it('a re-observed post adds only the engagement gained, ending where one observation would', () => {
    const first = postFeatures(
      { eventId: 'm1', at: day(5), engagement: 10, isComplaint: true },
      DEFAULT_CONFIG,
    );
    const again = postFeatures(
      { eventId: 'm1b', at: day(5), engagement: 25, previousEngagement: 10, isComplaint: true },
      DEFAULT_CONFIG,
    );
    const once = postFeatures(
      { eventId: 'm1', at: day(5), engagement: 25, isComplaint: true },
      DEFAULT_CONFIG,
    );
    const both = mergeFeatures(first, again, N);
    expect(counterValue(both.engagement!, day(40))).toBeCloseTo(counterValue(once.engagement!, day(40)), 12);
    expect(counterValue(both.posts!, day(5))).toBe(1);
    expect(counterValue(both.complaints!, day(5))).toBe(1);
    expect(amplificationOf(both, day(40))).toBeCloseTo(25, 12);
  });

  it('a new version of a record replaces its profile and keeps its purchases', () => {
    const silver = withProfile(
      purchaseFeatures({ eventId: 't1', at: day(1), amountMinor: 900, kind: 'purchase' }),
      { tiers: ['silver'] },
      N,
    );
    const gold = withProfile(
      silver,
      { tiers: ['gold'], accounts: [{ key: 'x:ann', followers: 75, observedAt: day(2) }] },
      N,
    );
    expect(gold.tiers).toEqual(['gold']);
    expect(gold.purchases).toEqual(silver.purchases);
    expect(followersOf(gold)).toBe(75);
  });

  it('weighs engagement by kind and ignores views', () => {
    expect(postEngagement({ likes: 8, replies: 2, reposts: 1, quotes: 1 }, DEFAULT_CONFIG)).toBe(
      8 * 0.25 + 2 * 0.5 + 1 + 1,
    );
    expect(postEngagement({}, DEFAULT_CONFIG)).toBe(0);
  });
});
