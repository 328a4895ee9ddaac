import { z } from 'zod';

export type CleanupPolicy = 'delete' | 'compact';

interface TopicCommon {
  /** Versioned name without prefix, e.g. `loyalty.member.v1`; the Kafka client applies a topic prefix. */
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** Only for `delete` topics; absent means the broker default. */
  readonly retentionMs?: number;
  readonly description: string;
  /** What the message key is, for people reading the registry: e.g. "per member: `${program}:${memberId}`". */
  readonly keyDescription: string;
}

/** A topic whose values are JSON events validated by `schema` and keyed by `key`. */
export interface EventTopicDef<S extends z.ZodType = z.ZodType> extends TopicCommon {
  readonly kind: 'event';
  readonly version: number;
  readonly schema: S;
  readonly key: (event: z.output<S>) => string;
}

/**
 * A topic whose values are bytes in a source system's own format, streamed to Kafka by that
 * system. Nothing here can parse or key them: the source chose the key; the ingest service decodes.
 */
export interface RawTopicDef extends TopicCommon {
  readonly kind: 'raw';
  readonly schema: z.ZodUnknown;
}

export type TopicDef = EventTopicDef | RawTopicDef;

export interface EventTopicInput<S extends z.ZodType> {
  name: string;
  version: number;
  schema: S;
  partitions: number;
  key: (event: z.output<S>) => string;
  keyDescription: string;
  cleanupPolicy: CleanupPolicy;
  retentionMs?: number;
  description: string;
}

export interface RawTopicInput {
  name: string;
  partitions: number;
  keyDescription: string;
  retentionMs?: number;
  description: string;
}

const eventTopicName = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v(\d+)$/;
const rawTopicName = /^raw(\.[a-z][a-z0-9-]*)+$/;

/** Declares an event topic; a malformed declaration is a bug and throws at import time. */
export function defineTopic<S extends z.ZodType>(input: EventTopicInput<S>): EventTopicDef<S> {
  const match = eventTopicName.exec(input.name);
  if (!match || Number(match[2]) !== input.version) {
    throw new TypeError(`topic ${input.name}: name must look like domain.entity.v${input.version}`);
  }
  checkCommon(input.name, input.partitions, 'compact' === input.cleanupPolicy, input.retentionMs);
  return Object.freeze({ kind: 'event', ...input });
}

/** Declares a raw topic (source bytes, no schema). Raw topics are delete-retention streams. */
export function defineRawTopic(input: RawTopicInput): RawTopicDef {
  if (!rawTopicName.test(input.name))
    throw new TypeError(`topic ${input.name}: raw topic names start with "raw."`);
  checkCommon(input.name, input.partitions, false, input.retentionMs);
  return Object.freeze({ kind: 'raw', schema: z.unknown(), cleanupPolicy: 'delete', ...input });
}

function checkCommon(
  name: string,
  partitions: number,
  compacted: boolean,
  retentionMs: number | undefined,
): void {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new TypeError(`topic ${name}: partitions must be a positive integer`);
  if (retentionMs !== undefined && (compacted || !Number.isInteger(retentionMs) || retentionMs < 1)) {
    throw new TypeError(`topic ${name}: retentionMs is a positive integer, only for delete topics`);
  }
}
