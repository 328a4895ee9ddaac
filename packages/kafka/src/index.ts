export { createKafka, parseBrokers, type KafkaOptions, type RapportKafka } from './client.ts';
export { ensureTopics, fetchPartitionCounts, type TopicSpec, type EnsureTopicsResult } from './topics.ts';
export { partitionOf } from './partitioner.ts';
export {
  createProducer,
  type Producer,
  type ProducerOptions,
  type OutgoingMessage,
  type TopicMessages,
  type Headers,
} from './producer.ts';
export {
  createTransactionalProducer,
  fetchGroupOffsets,
  type TransactionalProducer,
  type TransactionalProducerOptions,
  type TransactionOffset,
  type GroupOffset,
} from './transactional-producer.ts';
export { runConsumer, type RunningConsumer } from './consumer/run-consumer.ts';
export { startConsumers, type ConsumerSet } from './consumer/consumer-set.ts';
export {
  defaultMaxBatchMessages,
  type ConsumerOptions,
  type MessageConsumerOptions,
  type BatchConsumerOptions,
} from './consumer/consumer-options.ts';
export type { ConsumedMessage } from './consumer/consumed-message.ts';
export {
  ok,
  retry,
  deadLetter,
  drop,
  retryReasons,
  dropReasons,
  type Outcome,
  type FinalOutcome,
  type OkOutcome,
  type RetryOutcome,
  type DeadLetterOutcome,
  type DropOutcome,
  type RetryReason,
  type DropReason,
} from './outcome.ts';
export {
  KafkaError,
  KafkaUnavailable,
  KafkaTopicMissing,
  ConsumerOptionsInvalid,
  OutcomeCountMismatch,
  kafkaErrorCodes,
  translateKafkaError,
  type KafkaErrorCode,
} from './errors.ts';
export { silentLogger, type Logger, type KafkaLogLevel } from './logger.ts';
export { openProducer } from './open-producer.ts';
export { coalesceBatches, type CoalescedRun, type CoalesceOptions } from './consumer/coalesce-batches.ts';
