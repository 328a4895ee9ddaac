import { Buffer } from 'node:buffer';
import { z } from 'zod';
import { nonBlank } from './fields/text.ts';
import { IsoDateTime } from './fields/time.ts';
import type { ProblemFieldError } from './problem.ts';

// The one dead-letter convention of the fleet: where a consumer parks a message it cannot process
// (topic name, partitions, retention), what it writes (the envelope, its key and headers), and the
// reasons it may give. `@rapport/kafka` creates the topics and sends the records from these.

const day = 24 * 60 * 60 * 1000;

/** Dead letters of topic `t` (already prefixed, if any) go to `t.dlq`. */
export function deadLetterTopicName(name: string): string {
  return `${name}.dlq`;
}

/**
 * How every dead-letter topic is created. Always `delete`: compaction would keep only the last dead
 * letter of a key and lose the others. 30 days: long enough to notice, fix and replay after a holiday
 * weekend. Dead letters are rare and their order across keys does not matter: few partitions.
 */
export const deadLetterTopicSettings = Object.freeze({
  partitions: 3,
  cleanupPolicy: 'delete',
  retentionMs: 30 * day,
} as const);

/** The dead-letter topic of `topic`, in the shape topic setup takes (`ensureTopics`). */
export function deadLetterTopicFor(topic: { readonly name: string }): {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: 'delete';
  readonly retentionMs: number;
} {
  return { name: deadLetterTopicName(topic.name), ...deadLetterTopicSettings };
}

/**
 * Why a message was dead-lettered: the reasons a consumer may give (a new one is added here, so the
 * people replaying dead letters find every reason in one list). `retries_exhausted` is given by the
 * kafka package when a `retry` outcome kept coming back; `handler_failed` when a handler threw.
 */
export const deadLetterReasons = [
  'empty_value',
  'json_invalid',
  'schema_invalid',
  'unsupported_version',
  'key_invalid',
  'topic_unknown',
  'handler_failed',
  'retries_exhausted',
] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];

const SnakeCase = z.string().regex(/^[a-z][a-z0-9_]*$/);
const Base64 = z.base64().describe('Original bytes, base64');

/**
 * What a consumer publishes to `<topic>.dlq` for a message it cannot process: the original
 * message byte for byte (so it can be replayed after a fix) and why it failed.
 * The error never carries the input values (zod issues are reported without `input`): no personal data here.
 * Readers are tolerant: a reason they do not know yet is still a valid envelope.
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
    reason: SnakeCase.describe('snake_case reason code').meta({ examples: [...deadLetterReasons] }),
    retryReason: SnakeCase.optional().describe(
      'With `retries_exhausted`: the reason of the last `retry` outcome (e.g. `database_unavailable`)',
    ),
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

/** Headers of every dead-letter record, so tools can filter without decoding the value. */
export const deadLetterHeaders = Object.freeze({
  reason: 'rapport-dlq-reason',
  topic: 'rapport-dlq-topic',
  partition: 'rapport-dlq-partition',
  offset: 'rapport-dlq-offset',
  service: 'rapport-dlq-group',
} as const);

type Bytes = Uint8Array | string | null | undefined;

export interface DeadLetterInput {
  topic: string;
  partition: number;
  offset: string;
  key: Bytes;
  value: Bytes;
  /** kafkajs-style headers: a value may be bytes, a string, or a list of them. */
  headers?: Readonly<Record<string, Bytes | readonly Bytes[]>>;
  /** ISO 8601. */
  timestamp?: string;
  reason: DeadLetterReason;
  retryReason?: string;
  error: DeadLetterEnvelope['error'];
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
    (Array.isArray(value) ? (value as readonly Bytes[]) : [value as Bytes]).map((one) => ({
      key,
      value: toBase64(one),
    })),
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
    ...(input.retryReason === undefined ? {} : { retryReason: input.retryReason }),
    error: input.error,
    ...(input.attempts === undefined ? {} : { attempts: input.attempts }),
    service: input.service,
    failedAt: input.failedAt,
  };
}

/** A dead-letter record as it goes on the wire: to `deadLetterTopicName(input.topic)`. */
export interface DeadLetterRecord {
  /** The original key, so the dead letters of one entity keep their order. */
  key: Uint8Array | string | null;
  /** The envelope as JSON. */
  value: string;
  headers: Record<string, string>;
}

export function deadLetterRecord(input: DeadLetterInput): DeadLetterRecord {
  return {
    key: input.key ?? null,
    value: JSON.stringify(deadLetterEnvelope(input)),
    headers: {
      [deadLetterHeaders.reason]: input.reason,
      [deadLetterHeaders.topic]: input.topic,
      [deadLetterHeaders.partition]: String(input.partition),
      [deadLetterHeaders.offset]: input.offset,
      [deadLetterHeaders.service]: input.service,
    },
  };
}

/**
 * Base of the errors a consumer dead-letters a message with: why the message cannot be read, with field
 * errors (path, message, code) and never the input. The envelope copies `issues` as `error.details`; a log
 * line gets the name and code only. Each service names its own subclass and code.
 */
export abstract class MessageUnreadable extends Error {
  abstract readonly code: string;
  readonly issues: readonly ProblemFieldError[];
  constructor(message: string, issues: readonly ProblemFieldError[] = []) {
    super(message);
    this.issues = issues;
  }
}

/**
 * An error as the envelope holds it: name, message and structured details. Zod issues lose their
 * `input`, so no personal data is copied; without an error, `fallback` is the message.
 */
export function deadLetterError(error: unknown, fallback: string): DeadLetterEnvelope['error'] {
  if (error === undefined || error === null) return { message: fallback };
  if (!(error instanceof Error)) return { message: String(error) };
  const issues = (error as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return { name: error.name, message: error.message };
  const details = issues.map((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return issue;
    const { input: _input, ...rest } = issue as Record<string, unknown>;
    return rest;
  });
  return { name: error.name, message: error.message, details };
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
