export { ingestConfig, type IngestSettings } from './config.ts';
export {
  BatchRejected,
  BatchTooLarge,
  IdempotencyKeyInFlight,
  IdempotencyKeyReused,
  InvalidRequest,
  RateLimited,
  StoreUnavailable,
} from './problems.ts';
export {
  redisIdempotencyStore,
  type IdempotencyStart,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
  type StoredResponse,
} from './idempotency.store.ts';
export { redisRateLimiter, type RateLimiter, type RateLimitHit } from './rate-limit.store.ts';
export {
  kafkaEventPublisher,
  KAFKA_RETRY_AFTER_SECONDS,
  type EventPublisher,
  type PublishResult,
  type TopicEvent,
} from './event.publisher.ts';
export {
  acceptBatch,
  acceptOne,
  type AcceptBatchResult,
  type AcceptOneResult,
  type BatchItem,
  type Intake,
  type IntakeEvents,
  type IntakeObserver,
} from './intake.ts';
export { intakeMetrics } from './intake.metrics.ts';
export { NDJSON_CONTENT_TYPE, NdjsonBody, parseNdjson } from './ndjson.ts';
export { CSV_CONTENT_TYPE, parseCsv, type CsvOptions, type CsvRow, type CsvTable } from './csv.ts';
export {
  IDEMPOTENCY_HEADER,
  installIngestHttp,
  REPLAYED_HEADER,
  type IngestHttpOptions,
} from './ingest-http.ts';
export {
  batchItems,
  INGEST_SCOPE,
  problemResponses,
  registerIntakeRoutes,
  writeHeaders,
  type IntakeRoutesOptions,
} from './intake.routes.ts';
export {
  consumerAlive,
  handleRawBatch,
  RawRecordInvalid,
  startRawConsumer,
  type RawConsumerOptions,
  type RawRoute,
} from './raw-topic.consumer.ts';
export { createIngestDeps, type IngestDeps, type IngestDepsConfig } from './ingest.deps.ts';
export {
  buildIngestHttp,
  ingestServiceConfig,
  type IntakeRouteDeps,
  type IngestServiceConfig,
} from './ingest.app.ts';
