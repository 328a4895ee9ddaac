/**
 * Coded errors of the kafka package. `KafkaUnavailable` is what an HTTP layer turns into 503:
 * the broker could not be reached or did not answer in time, and trying again later may succeed.
 */
export class KafkaUnavailable extends Error {
  readonly code = 'KAFKA_UNAVAILABLE';
  constructor(operation: string, cause?: unknown) {
    super(`Kafka unavailable during ${operation}`, { cause });
    this.name = 'KafkaUnavailable';
  }
}

/** A topic the code expects is absent (auto creation is off): a deployment problem, not an outage. */
export class KafkaTopicMissing extends Error {
  readonly code = 'KAFKA_TOPIC_MISSING';
  readonly topic: string;
  constructor(topic: string, cause?: unknown) {
    super(`Kafka topic ${topic} does not exist`, { cause });
    this.name = 'KafkaTopicMissing';
    this.topic = topic;
  }
}

/** An event given to `publish` does not match its topic's schema: a bug in the producing code. */
export class InvalidEvent extends Error {
  readonly code = 'KAFKA_INVALID_EVENT';
  readonly topic: string;
  readonly index: number;
  readonly issues: readonly unknown[];
  constructor(topic: string, index: number, issues: readonly unknown[]) {
    super(`Event ${index} does not match the schema of topic ${topic} (${issues.length} issues)`);
    this.name = 'InvalidEvent';
    this.topic = topic;
    this.index = index;
    this.issues = issues;
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
  if (
    error instanceof KafkaUnavailable ||
    error instanceof KafkaTopicMissing ||
    error instanceof InvalidEvent
  ) {
    return error;
  }
  const chain = causes(error);
  const missingTopic = chain.some((e) => (e as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION');
  if (missingTopic && topic !== undefined) return new KafkaTopicMissing(topic, error);
  const unavailable = chain.some(
    (e) => unavailableNames.has((e as Error).name) || (e as { retriable?: boolean }).retriable === true,
  );
  return unavailable ? new KafkaUnavailable(operation, error) : error;
}
