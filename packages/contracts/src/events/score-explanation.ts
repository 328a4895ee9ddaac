import { z } from 'zod';
import { nonBlank } from '../fields/text.ts';

// The explanation of a priority as data, shared by the scoring service's events and its REST answers:
// every component's score, weight and contribution with reasons, the rules that fired, caps applied, the
// RFM code and segment, the versions scored with and the source events. Reasons carry counts and labels,
// never text or personal data. The scoring model (`@rapport/scoring-model`) produces values of this shape.

export const PriorityBand = z.enum(['P0', 'P1', 'P2', 'P3', 'P4', 'P5']).describe('P0 is the most urgent');
export type PriorityBand = z.output<typeof PriorityBand>;

export const InfluencerFlag = z
  .enum(['none', 'online', 'offline', 'both'])
  .describe('For marketing, independent of care priority: which side of influence passed its threshold');
export type InfluencerFlag = z.output<typeof InfluencerFlag>;

const Unit = z.number().min(0).max(1);
const Points = z.number().min(0).max(100);
const NonNegative = z.number().min(0);
const Reasons = z.array(nonBlank(500)).max(50);

export const ScoreComponent = z.object({
  name: nonBlank(100).describe('e.g. value.rfm, influence.reach, urgency.intent'),
  score: Unit.describe("The component's own score, 0..1"),
  weight: Unit,
  contribution: Points.describe('Points it adds to its total: 100 · weight · score, or its cap'),
  reasons: Reasons,
});
export type ScoreComponent = z.output<typeof ScoreComponent>;

export const RfmSegment = z.enum([
  'Champions',
  'Loyal Customers',
  'Potential Loyalists',
  'New Customers',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
]);

export const ValueExplanation = z.object({
  score: Points,
  isCustomer: z.boolean().describe('Holds a loyalty tier or has purchased'),
  components: z.array(ScoreComponent).max(10),
  tier: z.object({ label: nonBlank(300), score: Unit }).optional(),
  rfm: z
    .object({
      recencyDays: z.int().min(0),
      frequency: z.int().min(0),
      monetaryMinor: NonNegative,
      r: z.int().min(1).max(5),
      f: z.int().min(1).max(5),
      m: z.int().min(1).max(5),
      code: z.string().regex(/^[1-5]{3}$/),
      segment: RfmSegment,
    })
    .optional(),
  clv: z
    .object({
      expectedPurchases: NonNegative,
      probabilityAlive: Unit,
      expectedSpendMinor: NonNegative,
      clvMinor: NonNegative,
      populationRank: Unit,
    })
    .optional(),
  snapshotVersion: nonBlank(200),
});

export const UrgencyExplanation = z.object({
  score: Points,
  components: z.array(ScoreComponent).max(10),
  intents: z.array(z.enum(['complaint', 'cancel', 'refund', 'safety', 'legal'])),
  sentiment: z.number().min(-1).max(1).optional().describe('Most negative sentence, −1..1'),
  isComplaint: z.boolean(),
  rulesFired: z.array(nonBlank(100)).max(50),
});

const InfluenceSide = z.object({ score: Unit, components: z.array(ScoreComponent).max(10) });

export const InfluenceExplanation = z.object({
  score: Points,
  flag: InfluencerFlag,
  online: InfluenceSide,
  offline: InfluenceSide,
});

export const ScoreExplanation = z
  .object({
    configVersion: nonBlank(100),
    snapshotVersion: nonBlank(200).optional().describe('Value snapshot; absent for a non-customer'),
    score: Points.describe('0..100; higher means act sooner'),
    band: PriorityBand,
    rawBand: PriorityBand.describe('The band of the score alone, before hysteresis'),
    rank: z.int().min(1).max(100).describe('1 is the most urgent'),
    influencer: z.object({ flag: InfluencerFlag, online: Unit, offline: Unit }),
    components: z.array(ScoreComponent).max(10).describe('value, urgency and influence as they add up'),
    capsApplied: z.array(z.object({ name: nonBlank(100), uncapped: NonNegative, cap: NonNegative })).max(10),
    rulesFired: z.array(nonBlank(100)).max(50),
    rfm: z.object({ code: z.string().regex(/^[1-5]{3}$/), segment: RfmSegment }).optional(),
    value: ValueExplanation.optional().describe('Absent for a non-customer'),
    urgency: UrgencyExplanation,
    influence: InfluenceExplanation,
    sourceEventIds: z
      .array(z.uuid())
      .max(1000)
      .describe('The events the score rests on, most relevant first'),
  })
  .describe('A priority and everything that produced it');
export type ScoreExplanation = z.output<typeof ScoreExplanation>;
