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
import { problemErrors, type ProblemFieldError, type RawTopicDef } from '@rapport/contracts';
import type { Registry } from 'prom-client';
import type { EventPublisher } from './event.publisher.ts';
import type { Intake, IntakeObserver } from './intake.ts';

/**
 * Why a raw message cannot become an event. Carries field errors (path, message, code) and never
 * the input: it is written to the dead-letter topic and its name and code to the log.
 */
export class RawRecordInvalid extends Error {
  readonly code = 'RAW_RECORD_INVALID';
  /** Read by the kafka package's dead-letter envelope as `error.details`. */
  readonly issues: readonly ProblemFieldError[];
  constructor(message: string, issues: readonly ProblemFieldError[] = []) {
    super(message);
    this.name = 'RawRecordInvalid';
    this.issues = issues;
  }
}

/** Which intake decodes which raw topic. */
export interface RawRoute {
  readonly topic: RawTopicDef;
  readonly intake: Intake;
}

/**
 * One raw message, decoded as the record its source system wrote (the same JSON as the REST body),
 * to the canonical events. Poison (empty, not JSON, invalid) is dead-lettered with its bytes, offset
 * and field errors; a Kafka outage is a retry, so the offset is committed only after the events were
 * acknowledged and nothing valid is ever dead-lettered for lack of a broker.
 */
export async function handleRawMessage(
  intake: Intake,
  message: Pick<ConsumedMessage, 'value'>,
  publisher: EventPublisher,
  observer?: IntakeObserver,
): Promise<Outcome> {
  if (message.value === null || message.value.length === 0) {
    return deadLetter('empty_value', new RawRecordInvalid('the message has no value'));
  }
  let value: unknown;
  try {
    value = JSON.parse(message.value.toString('utf8'));
  } catch {
    // The parser's message quotes the bytes, which may be personal data: a fixed text instead.
    return deadLetter('json_invalid', new RawRecordInvalid('the value is not valid JSON'));
  }
  const parsed = intake.body.safeParse(value);
  if (!parsed.success) {
    const issues = problemErrors(parsed.error);
    observer?.records(intake.name, 'raw', 'rejected', 1);
    return deadLetter('schema_invalid', new RawRecordInvalid(`${issues.length} invalid fields`, issues));
  }
  const { events } = intake.toEvents(parsed.data);
  const stored = await publisher.publish(events);
  if (stored.kind === 'unavailable') return retry('kafka_unavailable');
  observer?.records(intake.name, 'raw', 'accepted', 1);
  return ok();
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
}

/**
 * Starts the service's consumer of its raw topics (one group, every route's topic).
 * `maxRetries` is unbounded because the only retry is a broker outage: the partition waits for the
 * broker (heartbeating, backing off up to 5 s) rather than dead-letter records that are valid.
 */
export function startRawConsumer(kafka: RapportKafka, options: RawConsumerOptions): Promise<RunningConsumer> {
  const byTopic = new Map(options.routes.map((route) => [route.topic.name, route.intake]));
  return runConsumer(kafka, {
    groupId: options.groupId,
    topics: [...byTopic.keys()],
    deadLetterProducer: options.producer,
    maxRetries: Number.MAX_SAFE_INTEGER,
    retryBackoffMs: { initial: 200, max: 5000 },
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    handle: async (message) => {
      const intake = byTopic.get(message.topic);
      if (!intake) return deadLetter('topic_unknown', new RawRecordInvalid('no intake for this topic'));
      try {
        return await handleRawMessage(intake, message, options.publisher, options.observer);
      } catch (error) {
        // A bug for this one message (an unavailable broker is an outcome, not a throw): park it
        // rather than retry it for ever and stall the partition.
        return deadLetter('handler_failed', error);
      }
    },
  });
}

/** Readiness: the consume loop showed a sign of life within `stallSeconds`. */
export function consumerAlive(consumer: RunningConsumer, stallSeconds: number): () => Promise<void> {
  return async () => {
    const idleMs = Date.now() - consumer.lastActivityAt();
    if (idleMs > stallSeconds * 1000) throw new Error(`consume loop idle for ${Math.round(idleMs / 1000)} s`);
  };
}
