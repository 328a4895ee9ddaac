// The situations the product exists for, at model level: value, influence and urgency combined into a
// priority for people who differ in exactly the ways that matter.
import { describe, expect, it } from 'vitest';
import {
  amplificationOf,
  DEFAULT_CONFIG,
  EMPTY_FEATURES,
  followersOf,
  mergeFeatures,
  MS_PER_DAY,
  networkPositions,
  postFeatures,
  purchaseFeatures,
  referralEdges,
  scoreInfluence,
  scorePriority,
  scoreUrgency,
  scoreValue,
  totalSpendMinor,
  withProfile,
  type InfluenceEdge,
  type RecordFeatures,
  type Referral,
} from '../src/index.ts';
import { AS_OF, purchases, SNAPSHOT } from './population.ts';

const config = DEFAULT_CONFIG;
const N = config.evidence.maxEventIds;
const brand = { brandHandles: ['acmehotels'] };
const COMPLAINT = 'Worst stay ever: the room was filthy and the staff were rude. I want a refund.';

/** A person's folded features: a profile, purchases, and posts that earned `engagementPerPost` each. */
function person(p: {
  tiers?: string[];
  followers: number;
  purchases?: RecordFeatures['purchases'];
  posts?: number;
  engagementPerPost?: number;
  decisionMaker?: boolean;
}) {
  let f = withProfile(
    EMPTY_FEATURES,
    {
      tiers: p.tiers ?? [],
      accounts: [{ key: 'x:someone', followers: p.followers, observedAt: AS_OF }],
      decisionMaker: p.decisionMaker ?? false,
    },
    N,
  );
  f = { ...f, purchases: p.purchases ?? f.purchases };
  f = mergeFeatures(
    f,
    purchaseFeatures({ eventId: 'evt-purchase', at: AS_OF - MS_PER_DAY, amountMinor: 0, kind: 'purchase' }),
    N,
  );
  for (let k = 0; k < (p.posts ?? 0); k++)
    f = mergeFeatures(
      f,
      postFeatures(
        {
          eventId: `evt-post-${k}`,
          at: AS_OF - k * 3 * MS_PER_DAY,
          engagement: p.engagementPerPost ?? 0,
          isComplaint: false,
        },
        config,
      ),
      N,
    );
  return f;
}

/** The brand's graph: fans mention the influencer and the loud account; friends were referred by the member. */
const referred: Referral[] = ['friend-1', 'friend-2', 'friend-3'].map((id) => ({
  referredId: id,
  spendMinor: totalSpendMinor(purchases(8, 20, 5000)),
}));
const edges: InfluenceEdge[] = [
  ...Array.from({ length: 60 }, (_, i): InfluenceEdge => ({
    from: `fan-${i}`,
    to: 'influencer',
    kind: 'mention',
    weight: 1,
  })),
  ...Array.from({ length: 20 }, (_, i): InfluenceEdge => ({
    from: `fan-${i}`,
    to: 'loud',
    kind: 'mention',
    weight: 1,
  })),
  ...Array.from({ length: 40 }, (_, i): InfluenceEdge => ({
    from: `fan-${i}`,
    to: `fan-${(i + 1) % 40}`,
    kind: 'reply',
    weight: 1,
  })),
  ...referralEdges('member', referred, config.influence.referrals.spendUnitMinor),
  { from: 'member', to: 'acmehotels', kind: 'mention', weight: 1 },
];
const positions = networkPositions(edges, {
  damping: config.influence.network.damping,
  ignore: new Set(['acmehotels']),
});

function score(
  id: string,
  f: RecordFeatures,
  opts: { customer: boolean; text?: string; referrals?: Referral[] },
) {
  const value = opts.customer
    ? scoreValue({ purchases: f.purchases, tiers: f.tiers }, { asOf: AS_OF, snapshot: SNAPSHOT, config })
    : undefined;
  const influence = scoreInfluence(
    {
      followers: followersOf(f),
      amplification: amplificationOf(f, AS_OF),
      position: positions.get(id),
      referrals: opts.referrals ?? [],
      decisionMaker: f.decisionMaker,
    },
    config,
  );
  const urgency = scoreUrgency(
    { text: opts.text ?? '', mentionedHandles: ['AcmeHotels'], at: AS_OF },
    { ...brand, recentComplaints: f.complaints },
    config,
  );
  const sourceEventIds = ['evt-mention', ...f.evidence.map((e) => e.eventId)];
  return scorePriority({ ...(value !== undefined && { value }), urgency, influence, sourceEventIds }, config);
}

describe('the situations the product exists for', () => {
  const platinumQuiet = person({
    tiers: ['Platinum'],
    followers: 75,
    purchases: purchases(40, 14, 30_000),
    posts: 2,
    engagementPerPost: 1,
  });
  const loudNonCustomer = person({ followers: 20_000, posts: 30, engagementPerPost: 150 });

  it('a top-tier member with 75 followers complaining outranks a 20,000-follower account that never bought, same text', () => {
    const member = score('member-quiet', platinumQuiet, { customer: true, text: COMPLAINT });
    const loud = score('loud', loudNonCustomer, { customer: false, text: COMPLAINT });
    expect(member.urgency.score).toBeCloseTo(loud.urgency.score, 10);
    expect(loud.influence.score).toBeGreaterThan(member.influence.score);
    expect(member.score).toBeGreaterThan(loud.score);
    expect(member.rank).toBeLessThan(loud.rank);
    expect(['P0', 'P1']).toContain(member.band);
    // Its explanation carries every part: components, RFM, rules, versions and the events behind it.
    expect(member.rfm?.segment).toBe('Champions');
    expect(member.rfm?.code).toMatch(/^5[45][1-5]$/);
    expect(member.value?.tier).toEqual({ label: 'Platinum', score: 1 });
    expect(member.rulesFired).toEqual(
      expect.arrayContaining(['intent.complaint', 'intent.refund', 'brand.direct-mention']),
    );
    expect(member.configVersion).toBe(config.version);
    expect(member.snapshotVersion).toBe('test-population');
    expect(member.sourceEventIds[0]).toBe('evt-mention');
    expect(member.components.map((c) => c.name)).toEqual([
      'priority.value',
      'priority.urgency',
      'priority.influence',
    ]);
    expect(loud.components[0]!.reasons).toEqual(['not a customer']);
  });

  it('a gold-tier customer who is a real influencer gets the flag and a high priority', () => {
    const goldInfluencer = person({
      tiers: ['gold'],
      followers: 250_000,
      purchases: purchases(12, 30, 25_000),
      posts: 20,
      engagementPerPost: 600,
    });
    const p = score('influencer', goldInfluencer, { customer: true, text: COMPLAINT });
    expect(['online', 'both']).toContain(p.influencer.flag);
    expect(p.rulesFired).toContain(`influencer.${p.influencer.flag}`);
    expect(['P0', 'P1']).toContain(p.band);
    // The influence boost is capped: marketing sees the flag, care does not see a bought priority.
    expect(p.capsApplied.map((c) => c.name)).toEqual(['priority.influence']);
  });

  it('a loyal customer who never posts keeps a high value score', () => {
    const quiet = person({ tiers: ['gold'], followers: 0, purchases: purchases(30, 21, 20_000) });
    const value = scoreValue(
      { purchases: quiet.purchases, tiers: quiet.tiers },
      { asOf: AS_OF, snapshot: SNAPSHOT, config },
    );
    expect(value.score).toBeGreaterThan(70);
    expect(['Champions', 'Loyal Customers']).toContain(value.rfm?.segment);
    expect(value.clv!.probabilityAlive).toBeGreaterThan(0.9);
    const p = score('quiet', quiet, { customer: true });
    expect(p.influence.score).toBe(0);
    expect(p.value!.score).toBe(value.score);
  });

  it('a member with few followers whose referrals brought in spending customers is an offline influencer', () => {
    const member = person({ tiers: ['silver'], followers: 40, purchases: purchases(6, 45, 8000) });
    const p = score('member', member, { customer: true, referrals: referred });
    expect(p.influencer.flag).toBe('offline');
    const referralsPart = p.influence.offline.components.find((c) => c.name === 'influence.referrals')!;
    expect(referralsPart.score).toBeGreaterThan(0.5);
    expect(
      p.influence.offline.components.find((c) => c.name === 'influence.network.referral')!.score,
    ).toBeGreaterThan(0);
    // The same member without the referrals is no influencer at all.
    expect(score('member', member, { customer: true }).influencer.flag).toBe('none');
  });
});
