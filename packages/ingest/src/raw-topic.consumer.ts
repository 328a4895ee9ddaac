import {
  deadLetter,
  ok,
  retry,
  runConsumer,
  type ConsumedMessage,
  type Outcome,
  type Producer,
  type RapportKafka,
  type RunningConsumer,
} from '@rapport/kafka';
import { parseJsonBytes, MessageUnreadable, problemErrors, type RawTopicDef } from '@rapport/contracts';
import type { Registry } from 'prom-client';
import type { EventPublisher, TopicEvent } from './event.publisher.ts';
import type { Intake, IntakeObserver } from './intake.ts';

/** Why a message cannot be an event: its dead letter's error (no input values, see `MessageUnreadable`). */
export class RawRecordInvalid extends MessageUnreadable {
  readonly code = 'RAW_RECORD_INVALID';
  override readonly name = 'RawRecordInvalid';
}

/** Which intake decodes which raw topic. */
export interface RawRoute {
  readonly topic: RawTopicDef;
  readonly intake: Intake;
}

type Decoded = { kind: 'events'; events: TopicEvent[] } | { kind: 'invalid'; outcome: Outcome };

/**
 * One raw message, decoded as the record its source system wrote (the same JSON as the REST body),
 * to its canonical events. Poison (empty, not JSON, invalid) becomes a dead letter with its field
 * errors; a bug for this one message too, rather than a retry for ever that stalls the partition.
 */
function decodeRaw(intake: Intake | undefined, message: Pick<ConsumedMessage, 'value'>): Decoded {
  const invalid = (outcome: Outcome): Decoded => ({ kind: 'invalid', outcome });
  if (!intake) return invalid(deadLetter('topic_unknown', new RawRecordInvalid('no intake for this topic')));
  if (message.value === null || message.value.length === 0) {
    return invalid(deadLetter('empty_value', new RawRecordInvalid('the message has no value')));
  }
  // Read as any JSON body is (UTF-8, valid JSON, no __proto__), never quoting the bytes. All three
  // are the convention's json_invalid; the field errors' codes say which (invalid_utf8, ...).
  const json = parseJsonBytes(message.value);
  if (!json.ok) {
    const what = {
      utf8_invalid: 'is not valid UTF-8',
      json_invalid: 'is not valid JSON',
      key_forbidden: 'has a refused key',
    };
    return invalid(
      deadLetter('json_invalid', new RawRecordInvalid(`the value ${what[json.reason]}`, json.errors)),
    );
  }
  const parsed = intake.body.safeParse(json.value);
  if (!parsed.success) {
    const issues = problemErrors(parsed.error);
    return invalid(
      deadLetter('schema_invalid', new RawRecordInvalid(`${issues.length} invalid fields`, issues)),
    );
  }
  try {
    return { kind: 'events', events: intake.toEvents(parsed.data).events };
  } catch (error) {
    return invalid(deadLetter('handler_failed', error));
  }
}

/**
 * A batch of raw messages of one partition: each decoded on its own, the events of the valid ones
 * published together, in order. A Kafka outage is a `retry` of the valid ones, so their offsets are
 * committed only after the events were acknowledged and nothing valid is dead-lettered for lack of
 * a broker. A publish that throws (a bug) is retried until the consumer has narrowed the batch down
 * to the one message it fails on, which is then dead-lettered.
 */
export async function handleRawBatch(
  intakeOf: (topic: string) => Intake | undefined,
  messages: readonly Pick<ConsumedMessage, 'topic' | 'value'>[],
  publisher: EventPublisher,
  observer?: IntakeObserver,
): Promise<Outcome[]> {
  const decoded = messages.map((m) => decodeRaw(intakeOf(m.topic), m));
  const valid = decoded.filter((d) => d.kind === 'events');
  let validOutcome: Outcome = ok();
  if (valid.length > 0) {
    try {
      const stored = await publisher.publish(valid.flatMap((d) => d.events));
      if (stored.kind === 'unavailable') validOutcome = retry('kafka_unavailable');
    } catch (error) {
      validOutcome =
        valid.length === 1 ? deadLetter('handler_failed', error) : retry('handler_failed', error);
    }
  }
  // The consumer handles everything from the first retry on again: count only what is final.
  const firstRetry = validOutcome.kind === 'retry' ? decoded.findIndex((d) => d.kind === 'events') : -1;
  return decoded.map((d, index) => {
    const outcome = d.kind === 'events' ? validOutcome : d.outcome;
    if (firstRetry < 0 || index < firstRetry) {
      const name = intakeOf(messages[index]!.topic)?.name ?? 'unknown';
      observer?.records(name, 'raw', outcome.kind === 'ok' ? 'accepted' : 'rejected', 1);
    }
    return outcome;
  });
}

export interface RawConsumerOptions {
  /** The service's name (its consumer group). */
  groupId: string;
  routes: readonly RawRoute[];
  publisher: EventPublisher;
  /** Dead letters go through the service's producer (its closer runs after the consumer's). */
  producer: Producer;
  observer?: IntakeObserver;
  metrics?: Registry;
  partitionsConsumedConcurrently?: number;
  /** How long the group waits for a silent member before giving its partitions to others. */
  sessionTimeoutMs?: number;
}

// A heartbeat at most every second, well inside any session timeout allowed (6 s and up): the loop
// heartbeats after every message and while it backs off, so a long batch never loses the session.
const HEARTBEAT_INTERVAL_MS = 1000;

/**
 * Starts the service's consumer of its raw topics (one group, every route's topic), in batches of up
 * to 500 messages of one partition. `maxRetries` is unbounded because the only retry is a broker
 * outage: the partition waits for the broker (heartbeating, backing off up to 5 s) rather than
 * dead-letter records that are valid.
 */
export function startRawConsumer(kafka: RapportKafka, options: RawConsumerOptions): Promise<RunningConsumer> {
  const byTopic = new Map(options.routes.map((route) => [route.topic.name, route.intake]));
  const intakeOf = (topic: string) => byTopic.get(topic);
  return runConsumer(kafka, {
    groupId: options.groupId,
    topics: [...byTopic.keys()],
    deadLetterProducer: options.producer,
    maxRetries: Number.MAX_SAFE_INTEGER,
    retryBackoffMs: { initial: 200, max: 5000 },
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
    ...(options.sessionTimeoutMs !== undefined
      ? { sessionTimeoutMs: options.sessionTimeoutMs, heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS }
      : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    handleBatch: (messages) => handleRawBatch(intakeOf, messages, options.publisher, options.observer),
  });
}

/** Readiness: the consume loop showed a sign of life within `stallSeconds`. */
export function consumerAlive(consumer: RunningConsumer, stallSeconds: number): () => Promise<void> {
  return async () => {
    const idleMs = Date.now() - consumer.lastActivityAt();
    if (idleMs > stallSeconds * 1000) throw new Error(`consume loop idle for ${Math.round(idleMs / 1000)} s`);
  };
}
