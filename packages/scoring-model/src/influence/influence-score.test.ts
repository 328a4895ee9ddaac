import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/default-config.ts';
import { reachScore, scoreInfluence, type InfluenceInput } from './influence-score.ts';
import { referralEdges, referralScore, referralWeight } from './referrals.ts';

const nobody: InfluenceInput = { followers: 0, amplification: 0, referrals: [], decisionMaker: false };

describe('influence', () => {
  it('reach is log-compressed followers, capped', () => {
    expect(reachScore(0, 1_000_000)).toBe(0);
    expect(reachScore(999, 1_000_000)).toBeCloseTo(0.5, 3);
    expect(reachScore(1_000_000, 1_000_000)).toBeCloseTo(1, 12);
    expect(reachScore(50_000_000, 1_000_000)).toBe(1);
  });

  it('a referral weighs 1 plus what the referred customer spent, in spend units', () => {
    expect(referralWeight(0, 10_000)).toBe(1);
    expect(referralWeight(25_000, 10_000)).toBe(3.5);
    expect(referralWeight(-500, 10_000)).toBe(1);
    // Two referrals who spent 150.00 each: weight 2 × 2.5 = 5, against cap 50.
    const two = [
      { referredId: 'c2', spendMinor: 15_000 },
      { referredId: 'c3', spendMinor: 15_000 },
    ];
    expect(referralScore(two, { spendUnitMinor: 10_000, cap: 50 })).toBeCloseTo(
      Math.log(6) / Math.log(51),
      12,
    );
    expect(referralEdges('c1', two, 10_000)).toEqual([
      { from: 'c2', to: 'c1', kind: 'referral', weight: 2.5 },
      { from: 'c3', to: 'c1', kind: 'referral', weight: 2.5 },
    ]);
  });

  it('nobody is no influencer', () => {
    const s = scoreInfluence(nobody, DEFAULT_CONFIG);
    expect(s.score).toBe(0);
    expect(s.flag).toBe('none');
  });

  it('combines online and offline as a probabilistic or, each flagged against its own threshold', () => {
    const online = scoreInfluence({ ...nobody, followers: 200_000, amplification: 400 }, DEFAULT_CONFIG);
    expect(online.flag).toBe('online');
    const offline = scoreInfluence(
      { ...nobody, decisionMaker: true, decisionScopes: ['travel'] },
      DEFAULT_CONFIG,
    );
    expect(offline.flag).toBe('offline');
    expect(offline.offline.components.find((c) => c.name === 'influence.decision-maker')!.reasons).toEqual([
      'decides for others (travel)',
    ]);
    const both = scoreInfluence(
      { ...nobody, followers: 200_000, amplification: 400, decisionMaker: true },
      DEFAULT_CONFIG,
    );
    expect(both.flag).toBe('both');
    expect(both.score).toBeCloseTo(100 * (1 - (1 - online.online.score) * (1 - offline.offline.score)), 10);
    expect(both.score).toBeGreaterThan(Math.max(online.score, offline.score));
  });

  it('network position counts online or offline by where the incoming weight came from', () => {
    const position = { pagerank: 0.2, ratio: 20, socialShare: 0.25, referralShare: 0.75 };
    const s = scoreInfluence({ ...nobody, position }, DEFAULT_CONFIG);
    const part = (name: string) =>
      [...s.online.components, ...s.offline.components].find((c) => c.name === name)!;
    expect(part('influence.network.social').score).toBeCloseTo(0.25, 12);
    expect(part('influence.network.referral').score).toBeCloseTo(0.75, 12);
  });
});
