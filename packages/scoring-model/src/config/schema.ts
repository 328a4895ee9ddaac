import { z } from 'zod';
import { RfmSegmentName } from '../value/rfm-segments.ts';

const Unit = z.number().min(0).max(1);
const Positive = z.number().positive();
const Phrase = z.string().regex(/^[a-z0-9' -]+\*?$/, {
  message: 'lowercase words, optionally ending in * for any ending',
});

/** Weights that must add up to 1, so a weighted sum of 0..1 scores stays in 0..1. */
function weights<K extends string>(keys: readonly [K, ...K[]]) {
  const shape = Object.fromEntries(keys.map((k) => [k, Unit])) as Record<K, typeof Unit>;
  return z
    .object(shape)
    .refine(
      (w) => Math.abs(Object.values(w as Record<string, number>).reduce((a, b) => a + b, 0) - 1) < 1e-9,
      {
        message: 'weights must add up to 1',
      },
    );
}

export const IntentName = z.enum(['complaint', 'cancel', 'refund', 'safety', 'legal']);
export type IntentName = z.output<typeof IntentName>;

const Intent = z.object({
  severity: Unit.describe('0..1: how urgent a post with this intent is on its own'),
  phrases: z.array(Phrase).min(1).max(200),
});

export const ScoringConfigSchema = z
  .object({
    version: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
    tiers: z
      .array(z.object({ label: z.string().min(1).max(100), score: Unit }))
      .min(1)
      .max(50)
      .describe('Loyalty tiers and what each is worth (0..1); labels compare case-insensitively'),
    value: z.object({
      weights: weights(['tier', 'rfm', 'clv']),
      rfm: z.object({
        windowDays: z.int().min(1).max(3650),
        segments: z
          .array(z.array(RfmSegmentName).length(5))
          .length(5)
          .describe('segments[r-1][f-1]: the segment of recency score r and frequency score f'),
      }),
      clv: z.object({
        timeUnitDays: Positive.describe('BG/NBD time unit (7: weeks, as in the CDNOW papers)'),
        periodDays: Positive.describe('CLV sums expected spend per period of this length'),
        periods: z.int().min(1).max(600),
        annualDiscountRate: z.number().min(0).max(10),
        margin: z.number().min(0).max(1).describe('Share of spend that is profit; 1 values revenue'),
      }),
    }),
    influence: z.object({
      reach: z.object({ followersCap: z.int().min(1) }),
      amplification: z.object({
        halfLifeDays: Positive,
        perPostCap: Positive.describe('Weighted engagement per post that scores 1'),
        engagementWeights: z.object({ likes: Unit, replies: Unit, reposts: Unit, quotes: Unit }),
      }),
      network: z.object({
        damping: z.number().gt(0).lt(1),
        ratioCap: z.number().gt(1).describe('PageRank as a multiple of the average that scores 1'),
      }),
      referrals: z.object({
        spendUnitMinor: z
          .int()
          .min(1)
          .describe("One referral weighs 1 + the referred customer's spend / this"),
        cap: Positive.describe('Total referral weight that scores 1'),
      }),
      online: weights(['reach', 'amplification', 'network']),
      offline: weights(['referrals', 'decisionMaker', 'network']),
      flag: z.object({ online: Unit, offline: Unit }),
    }),
    urgency: z.object({
      weights: weights(['sentiment', 'intent', 'directMention', 'repeat']),
      fullNegativity: z
        .number()
        .gt(0)
        .max(1)
        .describe('Sentence sentiment (negated) that counts as fully negative'),
      complaintSentiment: z
        .number()
        .min(-1)
        .max(0)
        .describe('A post whose most negative sentence is at or below this counts as a complaint'),
      intents: z.record(IntentName, Intent),
      repeat: z.object({ halfLifeHours: Positive, cap: Positive }),
    }),
    priority: z.object({
      weights: weights(['value', 'urgency', 'influence']),
      influenceCap: z.number().min(0).max(100).describe('Most points influence can add'),
      protectedValue: z
        .number()
        .min(0)
        .max(100)
        .describe('A customer valued at least this is never outranked by an equally urgent non-customer'),
      bands: z
        .array(z.number().gt(0).max(100))
        .length(5)
        .describe('Lowest priority of P0, P1, P2, P3, P4; below the last is P5'),
      hysteresis: z.number().min(0).describe('Points past a threshold before the band changes'),
    }),
    evidence: z.object({ maxEventIds: z.int().min(1).max(1000) }),
  })
  .superRefine((c, ctx) => {
    // The product's promise: influence is a boost that cannot buy its way past value.
    if (!(c.priority.influenceCap < c.priority.weights.value * c.priority.protectedValue))
      ctx.addIssue({
        code: 'custom',
        path: ['priority', 'influenceCap'],
        message:
          'must be below weights.value × protectedValue, or a non-customer could outrank a top customer',
      });
    const bands = c.priority.bands;
    for (let i = 1; i < bands.length; i++)
      if (!(bands[i]! < bands[i - 1]!))
        ctx.addIssue({ code: 'custom', path: ['priority', 'bands', i], message: 'bands must descend' });
    const gaps = bands.slice(1).map((b, i) => bands[i]! - b);
    if (2 * c.priority.hysteresis >= Math.min(...gaps, bands.at(-1)!))
      ctx.addIssue({
        code: 'custom',
        path: ['priority', 'hysteresis'],
        message: 'must be under half the narrowest band, or a band could be skipped over',
      });
    const labels = c.tiers.map((t) => t.label.toLowerCase());
    if (new Set(labels).size !== labels.length)
      ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'tier labels must be unique' });
  });

export type ScoringConfig = z.output<typeof ScoringConfigSchema>;

/** Parse a configuration (e.g. from a file); throws a ZodError naming every bad field. */
export function parseScoringConfig(input: unknown): ScoringConfig {
  return ScoringConfigSchema.parse(input);
}
