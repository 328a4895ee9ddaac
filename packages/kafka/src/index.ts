export { createKafka, parseBrokers, type KafkaOptions, type RapportKafka } from './client.ts';
export { ensureTopics, deadLetterTopicOf, type TopicSpec, type EnsureTopicsResult } from './topics.ts';
export {
  createProducer,
  type Producer,
  type ProducerOptions,
  type OutgoingMessage,
  type TopicMessages,
  type Headers,
  type PublishableTopic,
  type StandardSchema,
} from './producer.ts';
export { runConsumer, type ConsumerOptions, type ConsumedMessage, type RunningConsumer } from './consumer.ts';
export { ok, retry, deadLetter, drop, type Outcome } from './outcome.ts';
export { decodeDeadLetter, type DeadLetterEnvelope } from './dead-letter.ts';
export { KafkaUnavailable, KafkaTopicMissing, InvalidEvent, translateKafkaError } from './errors.ts';
export { silentLogger, type Logger, type KafkaLogLevel } from './logger.ts';
export { openProducer } from './open-producer.ts';
