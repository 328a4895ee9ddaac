import { readFile } from 'node:fs/promises';
import { customerPriorityTopic, mentionPriorityTopic } from '@rapport/contracts';
import { defineOutbox, startOutboxRelay } from '@rapport/outbox';
import {
  DEFAULT_CONFIG,
  parseScoringConfig,
  parseValueSnapshot,
  type ScoringConfig,
} from '@rapport/scoring-model';
import { openClients } from '@rapport/service-clients';
import type { Lifecycle, Logger } from '@rapport/service-kit';
import { Registry } from 'prom-client';
import { batchTransactions } from './adapters/batch-transactions.ts';
import { careQueueRepo } from './adapters/care-queue.repo.ts';
import { influencersRepo } from './adapters/influencers.repo.ts';
import { networkSourceRepo } from './adapters/network-source.repo.ts';
import { parametersRepo } from './adapters/parameters.repo.ts';
import { readPool } from './adapters/read-pool.ts';
import { scoreQueriesRepo } from './adapters/score-queries.repo.ts';
import type { Config } from './config.ts';
import { startRescoreSweepPoller } from './consumers/rescore-sweep.poller.ts';
import { startScoringConsumers } from './consumers/scoring.consumer.ts';
import { parametersProvider } from './use-cases/model-parameters.ts';

export type Deps = Awaited<ReturnType<typeof createDeps>>;

/** The value snapshot a fresh deployment scores with until one is loaded (`rapport fit-value` on CDNOW). */
export const SHIPPED_SNAPSHOT = new URL('../model/default-value-snapshot.json', import.meta.url);

async function scoringConfiguration(file: string | undefined): Promise<ScoringConfig> {
  return file === undefined ? DEFAULT_CONFIG : parseScoringConfig(JSON.parse(await readFile(file, 'utf8')));
}

/** Readiness: a loop showed a sign of life within `stallSeconds`. */
function alive(loop: { lastActivityAt(): number }, stallSeconds: number): () => Promise<void> {
  return async () => {
    const idleMs = Date.now() - loop.lastActivityAt();
    if (idleMs > stallSeconds * 1000) throw new Error(`idle for ${Math.round(idleMs / 1000)} s`);
  };
}

/**
 * Composition root: the pool, Redis and producer; the outbox relay (publishing what batches enqueued,
 * one instance at a time); then the consumer of every topic scoring reads, which stops first. Each with
 * its closer and readiness check.
 */
export async function createDeps(config: Config, lifecycle: Lifecycle, logger: Logger) {
  const metrics = new Registry();
  const clients = await openClients('scoring', config, lifecycle, logger);
  const { kafka, producer, pool } = clients;
  const parameters = parametersProvider({
    config: await scoringConfiguration(config.scoring.configFile),
    shippedSnapshot: parseValueSnapshot(await readFile(SHIPPED_SNAPSHOT, 'utf8')),
    brands: config.scoring.brands,
    currency: config.scoring.currency,
    // A value snapshot loaded through another instance is used by this one within a second.
    maxAgeMs: 1000,
    now: Date.now,
  });

  const outbox = defineOutbox({ table: 'scoring_outbox', validate: false });
  const relay = startOutboxRelay({
    outbox,
    pool,
    kafka,
    topics: [customerPriorityTopic, mentionPriorityTopic],
    logger: logger.child({ component: 'outbox' }),
    metrics,
  });
  lifecycle.onStop('outbox-relay', () => relay.stop());
  lifecycle.readiness.register('outbox', alive(relay, config.scoring.consumerStallSeconds));

  const consumer = await startScoringConsumers(kafka, {
    groupId: config.kafka.clientId,
    transactions: batchTransactions(pool, outbox, parameters),
    producer,
    maxBatchMessages: config.scoring.maxBatchMessages,
    partitionsConsumedConcurrently: config.scoring.partitionsConsumedConcurrently,
    consumers: config.scoring.consumers,
    maxTransactionEvents: config.scoring.maxTransactionEvents,
    sessionTimeoutMs: config.scoring.consumerSessionSeconds * 1000,
    metrics,
    logger: logger.child({ component: 'consumer' }),
  });
  lifecycle.onStop('consumer', () => consumer.stop());
  lifecycle.readiness.register('consumer', alive(consumer, config.scoring.consumerStallSeconds));

  const sweep = startRescoreSweepPoller({
    transactions: batchTransactions(pool, outbox, parameters),
    batch: config.scoring.sweepBatch,
    intervalMs: config.scoring.sweepIntervalMs,
    logger: logger.child({ component: 'sweep' }),
  });
  lifecycle.onStop('rescore-sweep', () => sweep.stop());

  const db = readPool(pool);
  return {
    ...clients,
    metrics,
    relay,
    consumer,
    parameters,
    scores: scoreQueriesRepo(db),
    careQueue: careQueueRepo(db),
    influencers: influencersRepo(db),
    parameterStore: parametersRepo(db),
    network: networkSourceRepo(db),
  };
}
