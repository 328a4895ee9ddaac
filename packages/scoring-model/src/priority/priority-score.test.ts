import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/default-config.ts';
import { parseScoringConfig, type ScoringConfig } from '../config/schema.ts';
import type { InfluenceScore } from '../influence/influence-score.ts';
import type { UrgencyScore } from '../urgency/urgency-score.ts';
import type { ValueScore } from '../value/value-score.ts';
import { bandIndex } from './bands.ts';
import { scorePriority } from './priority-score.ts';

const value = (score: number): ValueScore => ({
  score,
  isCustomer: true,
  components: [],
  snapshotVersion: 's1',
});
const urgency = (score: number): UrgencyScore => ({
  score,
  components: [],
  intents: [],
  isComplaint: false,
  rulesFired: [],
});
const influence = (score: number): InfluenceScore => ({
  score,
  flag: 'none',
  online: { score: score / 100, components: [] },
  offline: { score: 0, components: [] },
});

/** Any configuration the schema accepts: random priority weights, cap and protected value. */
const config = fc
  .tuple(
    fc.integer({ min: 1, max: 1000 }),
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: 1000 }),
    fc.double({ min: 1, max: 100, noNaN: true }),
    fc.double({ min: 0, max: 0.999, noNaN: true }),
  )
  .map(([v, u, i, protectedValue, capShare]): ScoringConfig => {
    const sum = v + u + i;
    const wv = v / sum;
    const wu = u / sum;
    const weights = { value: wv, urgency: wu, influence: Math.max(0, 1 - wv - wu) };
    return parseScoringConfig({
      ...DEFAULT_CONFIG,
      priority: {
        ...DEFAULT_CONFIG.priority,
        weights,
        protectedValue,
        influenceCap: capShare * wv * protectedValue,
      },
    });
  });

describe('priority', () => {
  it('weighs value, urgency and influence, and caps the influence boost', () => {
    const p = scorePriority(
      {
        value: value(90),
        urgency: urgency(60),
        influence: influence(100),
        sourceEventIds: ['e2', 'e1', 'e2'],
      },
      DEFAULT_CONFIG,
    );
    // 0.4·90 + 0.4·60 + min(15, 0.2·100)
    expect(p.score).toBeCloseTo(36 + 24 + 15, 10);
    expect(p.capsApplied).toEqual([{ name: 'priority.influence', uncapped: 20, cap: 15 }]);
    expect(p.components.map((c) => [c.name, c.contribution])).toEqual([
      ['priority.value', 36],
      ['priority.urgency', 24],
      ['priority.influence', 15],
    ]);
    expect(p.band).toBe('P0');
    expect(p.rank).toBe(25);
    expect(p.configVersion).toBe(DEFAULT_CONFIG.version);
    expect(p.snapshotVersion).toBe('s1');
    expect(p.sourceEventIds).toEqual(['e2', 'e1']);
  });

  it('never lets influence lift a non-customer above an equally urgent customer valued at protectedValue or more', () => {
    fc.assert(
      fc.property(
        config,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (c, u, above, customerInfluence, loudInfluence) => {
          const v = c.priority.protectedValue + above * (100 - c.priority.protectedValue);
          const customer = scorePriority(
            { value: value(v), urgency: urgency(u), influence: influence(customerInfluence) },
            c,
          );
          const loud = scorePriority({ urgency: urgency(u), influence: influence(loudInfluence) }, c);
          expect(customer.score).toBeGreaterThan(loud.score);
          expect(customer.rank).toBeLessThanOrEqual(loud.rank);
          expect(bandIndex(customer.rawBand)).toBeLessThanOrEqual(bandIndex(loud.rawBand));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the schema refuses a cap that would break that promise', () => {
    const priority = { ...DEFAULT_CONFIG.priority, influenceCap: 0.4 * 50 };
    expect(() => parseScoringConfig({ ...DEFAULT_CONFIG, priority })).toThrow(/influenceCap/);
  });

  it('applies hysteresis to the published band, not to the raw one', () => {
    // From P1, a score of 56 is more than the margin below 60: the band falls to P2.
    const fromP1 = scorePriority(
      { value: value(90), urgency: urgency(56 / 0.4 - 90), influence: influence(0), previousBand: 'P1' },
      DEFAULT_CONFIG,
    );
    expect(fromP1.score).toBeCloseTo(56, 10);
    expect(fromP1.rawBand).toBe('P2');
    expect(fromP1.band).toBe('P2');
    // 58 is within the margin: P1 holds while the raw band is already P2.
    const hover = scorePriority(
      { value: value(90), urgency: urgency(58 / 0.4 - 90), influence: influence(0), previousBand: 'P1' },
      DEFAULT_CONFIG,
    );
    expect(hover.rawBand).toBe('P2');
    expect(hover.band).toBe('P1');
  });
});
