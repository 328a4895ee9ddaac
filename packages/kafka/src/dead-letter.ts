import type { OutgoingMessage } from './producer.ts';

export type HeaderBytes = Buffer | string | undefined;
export interface IncomingHeaders {
  readonly [name: string]: HeaderBytes | HeaderBytes[];
}

/**
 * What lands in a dead-letter topic: the original message byte for byte (base64) so it can be replayed
 * after a fix, and why it failed. Same shape as `DeadLetterEnvelope` in @rapport/contracts (which owns
 * the schema); built here without importing it so the wire format has no runtime dependency on zod.
 */
export interface DeadLetterEnvelope {
  readonly envelopeVersion: 1;
  readonly original: {
    readonly topic: string;
    readonly partition: number;
    readonly offset: string;
    readonly key: string | null;
    readonly value: string | null;
    readonly headers: readonly { readonly key: string; readonly value: string | null }[];
    readonly timestamp?: string;
  };
  readonly reason: string;
  readonly error: { readonly name?: string; readonly message: string; readonly details?: unknown };
  readonly attempts?: number;
  /** The consumer group that gave up (named after its service). */
  readonly service: string;
  readonly failedAt: string;
}

export interface FailedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IncomingHeaders;
  /** Epoch milliseconds as kafkajs gives it. */
  timestamp?: string;
}

const base64 = (b: Buffer | string | null | undefined): string | null =>
  b === null || b === undefined
    ? null
    : (typeof b === 'string' ? Buffer.from(b, 'utf8') : b).toString('base64');
const text = (v: Buffer | string): string => (typeof v === 'string' ? v : v.toString('utf8'));

export function headersAsText(headers: IncomingHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.filter((v) => v !== undefined).map(text) : text(value);
  }
  return out;
}

/** Error name, message and structured details; zod issues lose their `input` so no personal data is copied. */
export function describeError(
  error: unknown,
  fallback: string,
  retryReason?: string,
): DeadLetterEnvelope['error'] {
  const extra = retryReason ? { details: { retryReason } } : {};
  if (error === undefined || error === null) return { message: retryReason ?? fallback, ...extra };
  if (!(error instanceof Error)) return { message: String(error), ...extra };
  const issues = (error as { issues?: unknown }).issues;
  const details = Array.isArray(issues)
    ? issues.map((issue: unknown) => {
        if (typeof issue !== 'object' || issue === null) return issue;
        const { input: _input, ...rest } = issue as Record<string, unknown>;
        return rest;
      })
    : undefined;
  return { name: error.name, message: error.message, ...(details ? { details } : extra) };
}

export function buildDeadLetter(
  failed: FailedMessage,
  failure: {
    reason: string;
    error?: unknown;
    retryReason?: string | undefined;
    attempts: number;
    consumerGroup: string;
    now: Date;
  },
): OutgoingMessage {
  const ts = failed.timestamp === undefined ? undefined : Number(failed.timestamp);
  const envelope: DeadLetterEnvelope = {
    envelopeVersion: 1,
    original: {
      topic: failed.topic,
      partition: failed.partition,
      offset: failed.offset,
      key: base64(failed.key),
      value: base64(failed.value),
      headers: Object.entries(failed.headers).flatMap(([key, value]) =>
        (Array.isArray(value) ? value : [value]).map((one) => ({ key, value: base64(one) })),
      ),
      ...(ts !== undefined && Number.isFinite(ts) ? { timestamp: new Date(ts).toISOString() } : {}),
    },
    reason: failure.reason,
    error: describeError(failure.error, failure.reason, failure.retryReason),
    attempts: failure.attempts,
    service: failure.consumerGroup,
    failedAt: failure.now.toISOString(),
  };
  return {
    // Same key as the original so the dead letters of one entity keep their order.
    key: failed.key,
    value: JSON.stringify(envelope),
    headers: {
      'rapport-dlq-reason': failure.reason,
      'rapport-dlq-topic': failed.topic,
      'rapport-dlq-partition': String(failed.partition),
      'rapport-dlq-offset': failed.offset,
      'rapport-dlq-group': failure.consumerGroup,
    },
  };
}

export function decodeDeadLetter(value: Buffer | string): DeadLetterEnvelope {
  return JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as DeadLetterEnvelope;
}
