import { z } from 'zod';
import { Problem, ProblemFieldError } from '../problem.ts';

/** Largest batch an ingest endpoint takes in one request. */
export const maxBatchSize = 1000;

/** `{ records: [...] }`: an object rather than a bare array so options can be added later. */
export function batchBody<S extends z.ZodType>(record: S) {
  return z.strictObject({
    records: z.array(record).min(1).max(maxBatchSize).describe(`1 to ${maxBatchSize} records`),
  });
}

/** 202 for a single record: the event is on its way to Kafka. */
export const IngestAccepted = z
  .object({
    status: z.literal('accepted'),
    eventId: z.uuid().describe('Deterministic: resending the same record gives the same id'),
  })
  .describe('The record was accepted and will be published')
  .meta({ examples: [{ status: 'accepted', eventId: '3f1c2a9e-5b7d-8e21-9c4f-0a6b8d2e7f13' }] });
export type IngestAccepted = z.output<typeof IngestAccepted>;

/** The answer for one record of a batch; `index` is its position in `records` (or the CSV data row). */
export const BatchItemResult = z
  .object({
    index: z.int().min(0),
    status: z.enum(['accepted', 'rejected']),
    eventId: z.uuid().optional().describe('Present when accepted'),
    errors: z
      .array(ProblemFieldError)
      .optional()
      .describe('Present when rejected; paths are relative to the record'),
  })
  .describe('Outcome of one record in a batch');
export type BatchItemResult = z.output<typeof BatchItemResult>;

/** 202 for a batch (or a CSV import): every record answered, accepted ones published. */
export const BatchAccepted = z
  .object({
    accepted: z.int().min(0),
    rejected: z.int().min(0),
    results: z.array(BatchItemResult).describe('One entry per record, in order'),
  })
  .describe('Per-record outcome of a batch')
  .meta({
    examples: [
      {
        accepted: 1,
        rejected: 1,
        results: [
          { index: 0, status: 'accepted', eventId: '3f1c2a9e-5b7d-8e21-9c4f-0a6b8d2e7f13' },
          {
            index: 1,
            status: 'rejected',
            errors: [{ path: '/currency', message: 'is not an ISO 4217 currency code', code: 'custom' }],
          },
        ],
      },
    ],
  });
export type BatchAccepted = z.output<typeof BatchAccepted>;

/**
 * 422 for a batch (or CSV import) whose every record was rejected: a problem with the same per-record
 * answers a 202 would carry. The fields are optional because 422 also answers a reused Idempotency-Key.
 */
export const BatchRejectedProblem = Problem.extend({
  accepted: z.literal(0).optional(),
  rejected: z.int().min(1).optional(),
  results: z.array(BatchItemResult).optional().describe('One entry per record, in order, each rejected'),
}).describe('Every record was rejected, or the Idempotency-Key was reused');
export type BatchRejectedProblem = z.output<typeof BatchRejectedProblem>;
