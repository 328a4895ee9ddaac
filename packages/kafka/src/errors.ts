/** The stable codes of this package's errors: callers and logs match on these, never on messages. */
export const kafkaErrorCodes = [
  'KAFKA_UNAVAILABLE',
  'KAFKA_TOPIC_MISSING',
  'KAFKA_CONSUMER_OPTIONS_INVALID',
  'KAFKA_OUTCOME_COUNT_MISMATCH',
] as const;
export type KafkaErrorCode = (typeof kafkaErrorCodes)[number];

/** Base of the coded errors of the kafka package. */
export abstract class KafkaError extends Error {
  abstract readonly code: KafkaErrorCode;
}

/**
 * The broker could not be reached or did not answer in time, and trying again later may succeed:
 * what an HTTP layer turns into 503.
 */
export class KafkaUnavailable extends KafkaError {
  readonly code = 'KAFKA_UNAVAILABLE';
  constructor(operation: string, cause?: unknown) {
    super(`Kafka unavailable during ${operation}`, { cause });
    this.name = 'KafkaUnavailable';
  }
}

/** A topic the code expects is absent (auto creation is off): a deployment problem, not an outage. */
export class KafkaTopicMissing extends KafkaError {
  readonly code = 'KAFKA_TOPIC_MISSING';
  readonly topic: string;
  constructor(topic: string, cause?: unknown) {
    super(`Kafka topic ${topic} does not exist`, { cause });
    this.name = 'KafkaTopicMissing';
    this.topic = topic;
  }
}

/** `runConsumer` was given options that cannot work (a bug in the calling service, thrown at start). */
export class ConsumerOptionsInvalid extends KafkaError {
  readonly code = 'KAFKA_CONSUMER_OPTIONS_INVALID';
  constructor(detail: string) {
    super(`Invalid consumer options: ${detail}`);
    this.name = 'ConsumerOptionsInvalid';
  }
}

/** A batch handler returned a different number of outcomes than it was given messages (a handler bug). */
export class OutcomeCountMismatch extends KafkaError {
  readonly code = 'KAFKA_OUTCOME_COUNT_MISMATCH';
  constructor(messages: number, outcomes: number) {
    super(`The batch handler returned ${outcomes} outcomes for ${messages} messages`);
    this.name = 'OutcomeCountMismatch';
  }
}

const unavailableNames = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSNonRetriableError',
]);

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current instanceof Error && chain.length < 10) {
    chain.push(current);
    current = current.cause ?? (current as { originalError?: unknown }).originalError;
  }
  return chain;
}

/**
 * Translate what kafkajs throws into this package's coded errors; anything not recognised comes back unchanged.
 * kafkajs wraps the real cause (`NumberOfRetriesExceeded` → `ConnectionError`), so the whole chain is read.
 */
export function translateKafkaError(error: unknown, operation: string, topic?: string): unknown {
  if (error instanceof KafkaError) return error;
  const chain = causes(error);
  const missingTopic = chain.some((e) => (e as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION');
  if (missingTopic && topic !== undefined) return new KafkaTopicMissing(topic, error);
  const unavailable = chain.some(
    (e) => unavailableNames.has((e as Error).name) || (e as { retriable?: boolean }).retriable === true,
  );
  return unavailable ? new KafkaUnavailable(operation, error) : error;
}

/** What a log line may say about an error: its name and code, never its message (it can quote data). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return {};
  const code = (error as { code?: unknown }).code;
  const type = (error as { type?: unknown }).type;
  return {
    errorName: error.name,
    ...(code !== undefined ? { errorCode: code } : {}),
    ...(type !== undefined ? { errorType: type } : {}),
  };
}
