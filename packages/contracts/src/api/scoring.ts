import { z } from 'zod';
import { CustomerId, RecordId, SourceId, nonBlank } from '../fields/text.ts';
import { IsoDateTime } from '../fields/time.ts';
import { Platform } from '../fields/person.ts';
import { IdentityCandidate } from '../events/identity-change.ts';
import {
  InfluencerFlag,
  PriorityBand,
  ScoreExplanation,
  ScoreComponent,
} from '../events/score-explanation.ts';

// The scoring service's REST API: a customer's scores and their history, the care queue of social
// mentions, the influencer list and the model's parameters. Queries and bodies are strict; lists are
// paged by an opaque cursor (`nextCursor`, null on the last page).

export const Cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,500}$/, { message: 'must be a cursor returned as nextCursor' })
  .describe('Opaque: the nextCursor of the previous page');

const Limit = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, { message: `must be an integer 1..${max}` })
    .transform(Number)
    .pipe(
      z
        .int()
        .min(1, { message: `must be an integer 1..${max}` })
        .max(max, `must be an integer 1..${max}`),
    )
    .optional()
    .default(fallback)
    .describe(`Page size, 1..${max} (default ${fallback})`);

export const ScoreHistoryEntry = z.object({
  asOf: IsoDateTime.describe('Event time the score is as of'),
  score: z.number().min(0).max(100),
  band: PriorityBand.describe('The band published then'),
  rawBand: PriorityBand,
  valueScore: z.number().min(0).max(100),
  urgencyScore: z.number().min(0).max(100),
  influenceScore: z.number().min(0).max(100),
  influencerFlag: InfluencerFlag,
  configVersion: nonBlank(100),
  snapshotVersion: nonBlank(200),
  published: z.boolean().describe('A scoring.priority.v1 event went out (the band changed)'),
});
export type ScoreHistoryEntry = z.output<typeof ScoreHistoryEntry>;

export const ScoreHistoryPage = z.object({
  items: z.array(ScoreHistoryEntry).describe('Newest first'),
  nextCursor: Cursor.nullable(),
});
export type ScoreHistoryPage = z.output<typeof ScoreHistoryPage>;

export const HistoryQuery = z.strictObject({ cursor: Cursor.optional(), limit: Limit(200, 50) });

export const CustomerScores = z
  .object({
    customerId: CustomerId,
    identityRevision: z.int().min(1),
    recordIds: z.array(RecordId).describe('The source records scored, as the matcher sees the customer now'),
    score: z.number().min(0).max(100),
    band: PriorityBand.describe('The band published (after hysteresis)'),
    rank: z.int().min(1).max(100),
    influencer: z.object({ flag: InfluencerFlag, online: z.number(), offline: z.number() }),
    asOf: IsoDateTime.describe("Event time of the customer's latest event: what the scores are as of"),
    explanation: ScoreExplanation,
    history: ScoreHistoryPage.describe('The latest changes; page on with /history?cursor='),
  })
  .describe("A customer's current scores with their breakdown and history");
export type CustomerScores = z.output<typeof CustomerScores>;

const Bands = z
  .string()
  .regex(/^P[0-5](,P[0-5])*$/, { message: 'must be bands such as P0 or P0,P1' })
  .transform((s) => s.split(',') as PriorityBand[])
  .describe('Comma-separated bands, e.g. P0,P1');

export const CareQueueQuery = z.strictObject({
  band: Bands.optional(),
  platform: Platform.optional(),
  brand: nonBlank(100).optional().describe('A brand named in SCORING_BRANDS'),
  from: IsoDateTime.optional().describe('Posts published at or after'),
  to: IsoDateTime.optional().describe('Posts published before'),
  status: z.enum(['open', 'handled', 'all']).optional().default('open'),
  cursor: Cursor.optional(),
  limit: Limit(200, 50),
});
export type CareQueueQuery = z.output<typeof CareQueueQuery>;

export const MentionIdParams = z.strictObject({ mentionId: z.uuid() });

export const Handled = z.object({
  at: IsoDateTime,
  by: nonBlank(100).describe('The API key name that marked it'),
  note: nonBlank(1000).optional(),
});

export const CareQueueItem = z.object({
  mentionId: z.uuid(),
  platform: Platform,
  postId: SourceId,
  url: nonBlank(2000).optional(),
  authorHandle: nonBlank(100),
  text: nonBlank(10_000).optional(),
  language: z.string().optional(),
  occurredAt: IsoDateTime,
  observedAt: IsoDateTime,
  brands: z.array(nonBlank(100)),
  customerId: CustomerId.nullable().describe('null: the author is on no customer yet'),
  candidates: z
    .array(IdentityCandidate)
    .max(10)
    .optional()
    .describe(
      "When the author's customer holds social accounts alone: the loyalty or CRM customers it may be, most likely first; a steward decision on (ownRecordId, recordId) confirms one",
    ),
  score: z.number().min(0).max(100),
  band: PriorityBand,
  rank: z.int().min(1).max(100),
  influencerFlag: InfluencerFlag,
  explanation: ScoreExplanation,
  handled: Handled.nullable(),
});
export type CareQueueItem = z.output<typeof CareQueueItem>;

export const CareQueuePage = z
  .object({
    items: z.array(CareQueueItem).describe('Highest priority first, then the oldest post'),
    nextCursor: Cursor.nullable(),
  })
  .describe('Social mentions to answer, most urgent first');
export type CareQueuePage = z.output<typeof CareQueuePage>;

export const MarkHandledBody = z
  .strictObject({ note: nonBlank(1000).optional().describe('What was done; never personal data') })
  .describe('Marks a mention handled; marking it again keeps the first marking');

export const InfluencersQuery = z.strictObject({
  reason: z.enum(['online', 'offline', 'both']).optional().describe('Only this reason; default all three'),
  cursor: Cursor.optional(),
  limit: Limit(200, 50),
});
export type InfluencersQuery = z.output<typeof InfluencersQuery>;

export const Influencer = z.object({
  customerId: CustomerId,
  reason: z.enum(['online', 'offline', 'both']),
  influenceScore: z.number().min(0).max(100),
  online: z.number().min(0).max(1),
  offline: z.number().min(0).max(1),
  components: z.array(ScoreComponent).describe('Online and offline components with their reasons'),
  score: z.number().min(0).max(100).describe('Care priority, for reference: independent of the flag'),
  asOf: IsoDateTime,
});
export type Influencer = z.output<typeof Influencer>;

export const InfluencerPage = z
  .object({ items: z.array(Influencer).describe('Most influential first'), nextCursor: Cursor.nullable() })
  .describe('Customers flagged as influencers, with the reason');
export type InfluencerPage = z.output<typeof InfluencerPage>;

export const ScoringModel = z
  .object({
    configVersion: nonBlank(100),
    valueSnapshot: z.object({
      version: nonBlank(200),
      asOf: IsoDateTime,
      source: z.enum(['shipped', 'loaded']),
      loadedAt: IsoDateTime.nullable(),
      population: z.object({ customers: z.int(), purchasers: z.int(), repeatCustomers: z.int() }),
    }),
    network: z
      .object({
        version: nonBlank(200),
        nodes: z.int().min(0),
        edges: z.int().min(0),
        computedAt: IsoDateTime,
      })
      .nullable()
      .describe('PageRank positions of the last refit; null: network position scores 0'),
  })
  .describe('The parameters scores are computed with');
export type ScoringModel = z.output<typeof ScoringModel>;
