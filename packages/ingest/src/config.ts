import { z } from 'zod';

const between = (name: string, min: number, max: number) => {
  const error = `expected an integer ${min}..${max}`;
  return z
    .string()
    .regex(/^\d+$/, { error })
    .transform(Number)
    .pipe(z.number().int().min(min, { error }).max(max, { error }))
    .describe(name);
};
const positive = (name: string, max: number) => between(name, 1, max);

/**
 * The intake limits every ingest service shares, composed into its config as `ingest: ingestConfig`.
 * Defaults suit one service instance on the 2-core reference machine.
 */
export const ingestConfig = z
  .object({
    // Requests per API key per minute (fixed window); a batch counts as one request.
    RATE_LIMIT_PER_MINUTE: positive('RATE_LIMIT_PER_MINUTE', 10_000_000).default(6000),
    // 2 MiB holds a full batch of 1000 typical records (~600 bytes each) with room to spare.
    MAX_BODY_BYTES: positive('MAX_BODY_BYTES', 64 * 1024 * 1024).default(2 * 1024 * 1024),
    MAX_BATCH_RECORDS: positive('MAX_BATCH_RECORDS', 100_000).default(1000),
    // CSV imports are bulk files: their own, larger limits.
    MAX_IMPORT_BYTES: positive('MAX_IMPORT_BYTES', 256 * 1024 * 1024).default(10 * 1024 * 1024),
    MAX_IMPORT_ROWS: positive('MAX_IMPORT_ROWS', 1_000_000).default(10_000),
    IDEMPOTENCY_TTL_SECONDS: positive('IDEMPOTENCY_TTL_SECONDS', 30 * 24 * 3600).default(24 * 3600),
    // Keys of this service in a Redis shared by the fleet start with it.
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:._-]+$/, { error: 'expected letters, digits, ":", ".", "_" or "-"' })
      .optional(),
    // Readiness fails when the raw-topic consume loop showed no sign of life for this long.
    CONSUMER_STALL_SECONDS: positive('CONSUMER_STALL_SECONDS', 3600).default(30),
    // After a crash, the group waits this long for the dead member before a restarted one is in:
    // 10 s (kafkajs' default is 30) keeps a restart ready within 15 s. The broker allows 6 to 1800.
    CONSUMER_SESSION_SECONDS: between('CONSUMER_SESSION_SECONDS', 6, 1800).default(10),
  })
  .transform((env) => ({
    rateLimit: { limit: env.RATE_LIMIT_PER_MINUTE, windowSeconds: 60 },
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxBatchRecords: env.MAX_BATCH_RECORDS,
    maxImportBytes: env.MAX_IMPORT_BYTES,
    maxImportRows: env.MAX_IMPORT_ROWS,
    idempotencyTtlSeconds: env.IDEMPOTENCY_TTL_SECONDS,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    consumerStallSeconds: env.CONSUMER_STALL_SECONDS,
    consumerSessionSeconds: env.CONSUMER_SESSION_SECONDS,
  }));
export type IngestSettings = z.output<typeof ingestConfig>;
