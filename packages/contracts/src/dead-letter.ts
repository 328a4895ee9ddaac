import { Buffer } from 'node:buffer';
import { z } from 'zod';
import { nonBlank } from './fields/text.ts';
import { IsoDateTime } from './fields/time.ts';

const Base64 = z.base64().describe('Original bytes, base64');

/** Reasons the kafka package and consumers use; others are allowed (snake_case). */
export const deadLetterReasons = [
  'json_invalid',
  'schema_invalid',
  'unsupported_version',
  'key_invalid',
  'retries_exhausted',
  'handler_failed',
] as const;

/**
 * What a consumer publishes to `<topic>.dlq` for a message it cannot process: the original
 * message byte for byte (so it can be replayed after a fix) and why it failed.
 * The error never carries the input values (zod issues are reported without `input`): no personal data here.
 */
export const DeadLetterEnvelope = z
  .object({
    envelopeVersion: z.literal(1),
    original: z.object({
      topic: nonBlank(249),
      partition: z.int().min(0),
      offset: z.string().regex(/^\d+$/).describe('Kafka offset as a decimal string (int64)'),
      key: Base64.nullable().describe('Original key bytes, base64; null when the message had none'),
      value: Base64.nullable().describe('Original value bytes, base64; null for a tombstone'),
      headers: z
        .array(z.object({ key: z.string(), value: Base64.nullable() }))
        .describe('Original headers in order (keys may repeat); values base64'),
      timestamp: IsoDateTime.optional().describe('Original message timestamp'),
    }),
    reason: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .describe('snake_case reason code')
      .meta({ examples: [...deadLetterReasons] }),
    error: z.object({
      name: z.string().optional(),
      message: z.string(),
      details: z.unknown().optional().describe('Structured details, e.g. zod issues without input values'),
    }),
    attempts: z.int().min(1).optional().describe('Handler attempts before giving up'),
    service: nonBlank(100).describe('The service (and consumer group) that gave up'),
    failedAt: IsoDateTime,
  })
  .describe('A Kafka message a consumer could not process, with the original bytes');
export type DeadLetterEnvelope = z.output<typeof DeadLetterEnvelope>;

type Bytes = Uint8Array | string | null | undefined;

export interface DeadLetterInput {
  topic: string;
  partition: number;
  offset: string;
  key: Bytes;
  value: Bytes;
  /** kafkajs-style headers: a value may be bytes, a string, or a list of them. */
  headers?: Record<string, Bytes | Bytes[]>;
  timestamp?: string;
  reason: string;
  error: { name?: string; message: string; details?: unknown };
  attempts?: number;
  service: string;
  failedAt: string;
}

function toBase64(bytes: Bytes): string | null {
  if (bytes === null || bytes === undefined) return null;
  return typeof bytes === 'string'
    ? Buffer.from(bytes, 'utf8').toString('base64')
    : Buffer.from(bytes).toString('base64');
}

/** Builds the envelope from a consumed message; the clock reading comes in as `failedAt`. */
export function deadLetterEnvelope(input: DeadLetterInput): DeadLetterEnvelope {
  const headers = Object.entries(input.headers ?? {}).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((one) => ({ key, value: toBase64(one) })),
  );
  return {
    envelopeVersion: 1,
    original: {
      topic: input.topic,
      partition: input.partition,
      offset: input.offset,
      key: toBase64(input.key),
      value: toBase64(input.value),
      headers,
      ...(input.timestamp === undefined ? {} : { timestamp: input.timestamp }),
    },
    reason: input.reason,
    error: input.error,
    ...(input.attempts === undefined ? {} : { attempts: input.attempts }),
    service: input.service,
    failedAt: input.failedAt,
  };
}

/** The original key and value bytes, for replaying a dead letter onto its topic. */
export function originalMessage(envelope: DeadLetterEnvelope): {
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
} {
  const decode = (b64: string | null) => (b64 === null ? null : Buffer.from(b64, 'base64'));
  return {
    key: decode(envelope.original.key),
    value: decode(envelope.original.value),
    headers: envelope.original.headers.map((h) => ({ key: h.key, value: decode(h.value) })),
  };
}
