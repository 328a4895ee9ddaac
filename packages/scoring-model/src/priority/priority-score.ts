import type { ScoringConfig } from '../config/schema.ts';
import { component, type Component } from '../explain/component.ts';
import type { InfluenceScore, InfluencerFlag } from '../influence/influence-score.ts';
import type { UrgencyScore } from '../urgency/urgency-score.ts';
import type { RfmSegmentName } from '../value/rfm-segments.ts';
import type { ValueScore } from '../value/value-score.ts';
import { bandFor, bandWithHysteresis, rankFor, type Band } from './bands.ts';

export interface PriorityInput {
  /** Absent for a non-customer (an author on no customer yet): value 0. */
  value?: ValueScore;
  urgency: UrgencyScore;
  influence: InfluenceScore;
  /** The band last published, for hysteresis. */
  previousBand?: Band;
  /** Events the scores rest on, most relevant first (the post, then the features' evidence); at most evidence.maxEventIds kept. */
  sourceEventIds?: Iterable<string>;
}

export interface CapApplied {
  name: string;
  uncapped: number;
  cap: number;
}

/** A priority with everything that produced it: the explanation is the score's data, not prose. */
export interface PriorityExplanation {
  configVersion: string;
  snapshotVersion?: string;
  /** 0..100. */
  score: number;
  /** The band after hysteresis: what is published. */
  band: Band;
  /** The band of the score alone. */
  rawBand: Band;
  /** 1..100, 1 first. */
  rank: number;
  /** For marketing, independent of care priority. */
  influencer: { flag: InfluencerFlag; online: number; offline: number };
  components: Component[];
  capsApplied: CapApplied[];
  rulesFired: string[];
  rfm?: { code: string; segment: RfmSegmentName };
  value?: ValueScore;
  urgency: UrgencyScore;
  influence: InfluenceScore;
  sourceEventIds: string[];
}

/**
 * priority = w_v·value + w_u·urgency + min(cap, w_i·influence). Influence is a boost capped at `cap`
 * points, and the configuration guarantees cap < w_v·protectedValue, so a customer valued at least
 * `protectedValue` always scores above a non-customer (value 0) with the same urgency, whatever the
 * non-customer's reach.
 */
export function scorePriority(input: PriorityInput, config: ScoringConfig): PriorityExplanation {
  const p = config.priority;
  const valueScore = input.value?.score ?? 0;
  const valuePart = component('priority.value', valueScore / 100, p.weights.value, [
    input.value === undefined || !input.value.isCustomer
      ? 'not a customer'
      : `value ${valueScore.toFixed(1)}`,
  ]);
  const urgencyPart = component('priority.urgency', input.urgency.score / 100, p.weights.urgency, [
    `urgency ${input.urgency.score.toFixed(1)}`,
  ]);
  const influencePart = component('priority.influence', input.influence.score / 100, p.weights.influence, [
    `influence ${input.influence.score.toFixed(1)}`,
  ]);
  const capsApplied: CapApplied[] = [];
  if (influencePart.contribution > p.influenceCap) {
    capsApplied.push({
      name: 'priority.influence',
      uncapped: influencePart.contribution,
      cap: p.influenceCap,
    });
    influencePart.reasons.push(`capped at ${p.influenceCap} points`);
    influencePart.contribution = p.influenceCap;
  }
  const components = [valuePart, urgencyPart, influencePart];
  const score = Math.min(
    100,
    components.reduce((s, c) => s + c.contribution, 0),
  );
  const rfm = input.value?.rfm;
  const sourceEventIds = [...new Set(input.sourceEventIds ?? [])].slice(0, config.evidence.maxEventIds);
  return {
    configVersion: config.version,
    ...(input.value !== undefined && { snapshotVersion: input.value.snapshotVersion }),
    score,
    band: bandWithHysteresis(input.previousBand, score, p.bands, p.hysteresis),
    rawBand: bandFor(score, p.bands),
    rank: rankFor(score),
    influencer: {
      flag: input.influence.flag,
      online: input.influence.online.score,
      offline: input.influence.offline.score,
    },
    components,
    capsApplied,
    rulesFired: [
      ...input.urgency.rulesFired,
      ...(input.influence.flag === 'none' ? [] : [`influencer.${input.influence.flag}`]),
    ],
    ...(rfm !== undefined && { rfm: { code: rfm.code, segment: rfm.segment } }),
    ...(input.value !== undefined && { value: input.value }),
    urgency: input.urgency,
    influence: input.influence,
    sourceEventIds,
  };
}
