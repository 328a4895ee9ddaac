import { z } from 'zod';
import { postgresKafkaRedisConfig } from '@rapport/service-kit';

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `expected an integer ${min}..${max}` })
    .transform(Number)
    .pipe(
      z
        .int()
        .min(min, { error: `expected an integer ${min}..${max}` })
        .max(max, { error: `expected an integer ${min}..${max}` }),
    );

const BRAND = /^[a-z0-9][a-z0-9_-]{0,99}:[A-Za-z0-9._-]{1,100}(\+[A-Za-z0-9._-]{1,100})*$/;

/** `acme:acmehotels+acme_help;sky:skymiles` as brand → its handles (lowercase, without @). */
function parseBrands(value: string): Map<string, string[]> {
  const brands = new Map<string, string[]>();
  for (const entry of value.split(';').filter(Boolean)) {
    const [name, handles] = entry.split(':') as [string, string];
    brands.set(
      name,
      handles.split('+').map((h) => h.toLowerCase()),
    );
  }
  return brands;
}

/**
 * What scoring reads besides the standard fragments: the brands (whose handles make a post a direct
 * mention, and by which the care queue filters), an optional scoring configuration file, the currency
 * purchases are scored in, and how the consumer takes its batches.
 */
export const scoringConfig = z
  .object({
    SCORING_BRANDS: z
      .string()
      .refine(
        (v) =>
          v
            .split(';')
            .filter(Boolean)
            .every((entry) => BRAND.test(entry)),
        {
          error: 'expected brand:handle+handle;brand2:handle (brands lowercase, handles without @)',
        },
      )
      .optional(),
    SCORING_CONFIG_FILE: z.string().min(1).optional(),
    // The one currency purchases are summed in: without exchange rates, amounts in others are not scored.
    SCORING_CURRENCY: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 code such as EUR' })
      .default('EUR'),
    // Messages of one partition per handler call (kafkajs fetches up to this many at once).
    SCORING_MAX_BATCH: integer(1, 5000).default(500),
    // Partitions handled at once. 72: every partition of the six topics (12 each), so that the batches of one
    // fetch go in one transaction instead of in turns of two, each paying a transaction's fixed cost, with
    // the next fetch only after the last turn.
    SCORING_PARTITIONS_CONCURRENCY: integer(1, 256).default(72),
    // Consumers (group members) in one process, each with its transaction in flight: while one consumer's
    // transaction waits for Postgres, another's runs its scoring code, where one alone left one idle. On the
    // 2-core machine at 1,000 mentions/s (bench:scoring), p50/p99 intake to prioritised event: one consumer
    // 0.54/0.91 s, two 0.47-0.62/1.0-1.5 s, three 0.29-0.45/0.72-0.97 s, four 0.39/0.81 s (runs vary by ~30%).
    SCORING_CONSUMERS: integer(1, 8).default(3),
    // Events one transaction takes at most when batches go together: it bounds how long its locks are held
    // (a care desk marking a post handled waits for them) and the memory a batch takes.
    SCORING_MAX_TRANSACTION_EVENTS: integer(1, 100_000).default(2000),
    // After a value snapshot load or a network refit: customers rescored per transaction, and how often
    // each instance looks whether the model version in use changed.
    SCORING_SWEEP_BATCH: integer(1, 5000).default(200),
    SCORING_SWEEP_INTERVAL_MS: integer(100, 3_600_000).default(2000),
    CONSUMER_STALL_SECONDS: integer(1, 3600).default(30),
    // How long the group waits for a silent member before its partitions go to another instance.
    CONSUMER_SESSION_SECONDS: integer(6, 1800).default(10),
  })
  .transform((env) => ({
    brands: parseBrands(env.SCORING_BRANDS ?? ''),
    configFile: env.SCORING_CONFIG_FILE,
    currency: env.SCORING_CURRENCY,
    maxBatchMessages: env.SCORING_MAX_BATCH,
    partitionsConsumedConcurrently: env.SCORING_PARTITIONS_CONCURRENCY,
    consumers: env.SCORING_CONSUMERS,
    maxTransactionEvents: env.SCORING_MAX_TRANSACTION_EVENTS,
    sweepBatch: env.SCORING_SWEEP_BATCH,
    sweepIntervalMs: env.SCORING_SWEEP_INTERVAL_MS,
    consumerStallSeconds: env.CONSUMER_STALL_SECONDS,
    consumerSessionSeconds: env.CONSUMER_SESSION_SECONDS,
  }));

/** The scoring service's settings: Kafka, Postgres and Redis under the fleet's standard names, and its own. */
export const configSchema = postgresKafkaRedisConfig('scoring').extend({ scoring: scoringConfig });
export type Config = z.output<typeof configSchema>;
