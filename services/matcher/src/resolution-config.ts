import { z } from 'zod';

const integer = (min: number, max: number) => {
  const expected = `expected an integer ${min}..${max}`;
  return z
    .string()
    .regex(/^\d+$/, { error: expected })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: expected }).max(max, { error: expected }));
};

/**
 * How the matcher consumes and resolves, composed into its config as `resolution`. Defaults suit one or a few
 * instances on the 2-core reference machine (see the README's throughput section).
 */
export const resolutionConfig = z
  .object({
    // Messages of one partition per handler call (kafkajs fetches up to this many at once).
    MATCHER_BATCH_MESSAGES: integer(1, 10_000).default(500),
    // Partitions handled at once; batches that wait for a running transaction are resolved together in the next.
    // 60: every partition of the five topics (12 each), so that one fetch's batches share one transaction
    // instead of going in turns of 12, each paying a transaction's fixed cost.
    MATCHER_PARTITIONS_CONCURRENTLY: integer(1, 64).default(60),
    // Consumers (group members) in one process. Transactions take turns under the resolution lock, so two
    // overlap what one cannot: while one resolves, the other commits its offsets, fetches, decodes and
    // waits with its next batch ready, where one alone did all of that between its transactions.
    MATCHER_CONSUMERS: integer(1, 8).default(2),
    // Changes one transaction resolves at most when batches wait together: it bounds how long the lock is
    // held (an API decision waits for it) and the memory a batch takes.
    MATCHER_MAX_TRANSACTION_CHANGES: integer(1, 100_000).default(6000),
    // Stored records whose prepared forms the process keeps between batches (PreparedCache), so that a
    // neighbour read before is neither sent nor parsed again; about 1.5 KB each. 0 keeps none.
    MATCHER_RECORD_CACHE: integer(0, 10_000_000).default(200_000),
    // Records resolved per engine call while switching to another model (all in one transaction).
    MATCHER_REBUILD_BATCH: integer(1, 10_000).default(500),
    // How often each instance looks for a model switch asked for (`rapport matcher use-model`).
    MATCHER_MODEL_POLL_MS: integer(50, 600_000).default(2000),
    // Readiness fails when the consume loop showed no sign of life for this long.
    CONSUMER_STALL_SECONDS: integer(1, 3600).default(60),
  })
  .transform((env) => ({
    batchMessages: env.MATCHER_BATCH_MESSAGES,
    partitionsConcurrently: env.MATCHER_PARTITIONS_CONCURRENTLY,
    consumers: env.MATCHER_CONSUMERS,
    maxTransactionChanges: env.MATCHER_MAX_TRANSACTION_CHANGES,
    recordCache: env.MATCHER_RECORD_CACHE,
    rebuildBatch: env.MATCHER_REBUILD_BATCH,
    modelPollMs: env.MATCHER_MODEL_POLL_MS,
    consumerStallSeconds: env.CONSUMER_STALL_SECONDS,
  }));
export type ResolutionSettings = z.output<typeof resolutionConfig>;
