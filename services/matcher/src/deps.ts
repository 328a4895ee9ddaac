import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics } from '@rapport/contracts';
import { coalesceBatches, startConsumers } from '@rapport/kafka';
import { defineOutbox, startOutboxRelay } from '@rapport/outbox';
import { Registry } from 'prom-client';
import { openClients } from '@rapport/service-clients';
import type { Lifecycle, Logger } from '@rapport/service-kit';
import { databaseWaiter } from './adapters/database-wait.ts';
import { apiDeps, apiTopics } from './api-deps.ts';
import { ModelCatalog, type ShippedModel } from './adapters/model-catalog.ts';
import { modelSwitchAsked, modelSwitchRepo } from './adapters/model-switch.repo.ts';
import { PreparedCache } from './adapters/prepared-cache.ts';
import { openResolutionUnit } from './adapters/resolution-unit.ts';
import type { Config } from './config.ts';
import { startModelSwitchPoller } from './consumers/model-switch.poller.ts';
import { startResolutionConsumer } from './consumers/resolution.consumer.ts';
import { timedResolution } from './resolution-metrics.ts';
import {
  applyChanges,
  workAhead,
  type PendingChange,
  type ResolutionHooks,
} from './use-cases/apply-changes.ts';
import type { ChangeCause } from './use-cases/customer-changes.ts';
import { switchModel } from './use-cases/switch-model.ts';

export type Deps = Awaited<ReturnType<typeof createDeps>>;

/** Readiness of a loop: it showed a sign of life within `stallSeconds`. */
const alive =
  (what: string, loop: { lastActivityAt(): number }, stallSeconds: number) => async (): Promise<void> => {
    const idleMs = Date.now() - loop.lastActivityAt();
    if (idleMs > stallSeconds * 1000) throw new Error(`${what} idle for ${Math.round(idleMs / 1000)} s`);
  };

/** The model a fresh deployment resolves with (trained on generated data: see the README, Models). */
export const SHIPPED_MODEL_FILE = fileURLToPath(new URL('../models/default-1.json', import.meta.url));

export function shippedModel(file = SHIPPED_MODEL_FILE): ShippedModel {
  return {
    version: basename(file, '.json'),
    json: readFileSync(file, 'utf8'),
    trainedOn: {
      source: 'generated',
      file: basename(file),
      command: 'rapport train --generated 20000 --seed 1',
    },
  };
}

/**
 * Composition root: the pool, Redis and producer, the outbox and its relay (identity events), the models,
 * the resolution use case with its hooks, and the consumer of the person, decision and erasure topics
 * (started last, so it stops first and its batch in flight commits before the relay and pool close).
 */
export async function createDeps(config: Config, lifecycle: Lifecycle, logger: Logger) {
  const clients = await openClients('matcher', config, lifecycle, logger);
  const { pool, kafka, producer } = clients;
  // The consumer's and the relay's metrics, served at /metrics with the HTTP ones (app.ts).
  const metrics = new Registry();
  // Validated on the way out, though the events come from typed builders (~2% of the matcher's CPU, inside
  // the lock): an event the contract refuses fails its batch instead of reaching every consumer. With the
  // check off, the API fuzzer found record ids the contract's type was too short for (now RecordId).
  const outbox = defineOutbox({ table: 'matcher_outbox' });
  const relay = startOutboxRelay({
    outbox,
    pool,
    kafka,
    topics: [topics.identityCustomer, ...apiTopics],
    logger: logger.child({ component: 'outbox' }),
    metrics,
  });
  lifecycle.onStop('outbox-relay', () => relay.stop());
  const stall = config.resolution.consumerStallSeconds;
  lifecycle.readiness.register('outbox', alive('outbox relay', relay, stall));

  const models = new ModelCatalog(shippedModel());
  const cache = new PreparedCache(config.resolution.recordCache);
  const unit = openResolutionUnit({ pool, outbox, models, cache });
  const api = apiDeps({ pool, redis: clients.redis, outbox, settings: config.api, logger });
  // Run around every resolution, in this order (see ResolutionHooks): the API's events, erasure filter,
  // lookup index and cache invalidation.
  const hooks: ResolutionHooks[] = [api.hooks];
  const resolution = { unit, hooks, logger: logger.child({ component: 'resolution' }) };
  const resolve = (input: { changes: readonly PendingChange[]; cause?: ChangeCause }) =>
    applyChanges(resolution, input);
  const modelSwitch = startModelSwitchPoller({
    asked: () => modelSwitchAsked(pool),
    switchModel: () =>
      switchModel({
        ...resolution,
        port: (tx) => modelSwitchRepo(tx.client, models),
        batch: config.resolution.rebuildBatch,
      }),
    intervalMs: config.resolution.modelPollMs,
    logger: resolution.logger,
  });
  lifecycle.onStop('model-switch', () => modelSwitch.stop());

  const stopping = new AbortController();
  // One queue for every consumer: their batches take turns, and those waiting together share a transaction.
  const timed = timedResolution(resolve, metrics);
  const joint = coalesceBatches((changes: readonly PendingChange[]) => timed({ changes }), {
    part: (result, from, to) => ({ outcomes: result.outcomes.slice(from, to), resolved: result.resolved }),
    // Bounds how long a transaction holds the resolution lock (an API decision waits for it).
    maxItems: config.resolution.maxTransactionChanges,
  });
  const apply = ({ changes }: { changes: readonly PendingChange[] }) => joint(changes);
  const ahead = (changes: readonly PendingChange[]): void => {
    const engine = models.latest();
    if (engine !== undefined) workAhead(resolution, changes, engine);
  };
  const set = await startConsumers(config.resolution.consumers, () =>
    startResolutionConsumer(kafka, {
      groupId: config.kafka.clientId,
      apply,
      awaitDatabase: databaseWaiter(pool, stopping.signal),
      ahead,
      producer,
      batchMessages: config.resolution.batchMessages,
      partitionsConcurrently: config.resolution.partitionsConcurrently,
      metrics,
    }),
  );
  const consumers = set.members;
  lifecycle.onStop('consumers', set.stop);
  // One readiness check for them all: ready while every consume loop shows signs of life.
  lifecycle.readiness.register('consumer', async () => {
    for (const [i, c] of consumers.entries()) await alive(`consume loop ${i + 1}`, c, stall)();
  });
  // Closers run in reverse: a batch waiting out a Postgres outage gives up first, uncommitted.
  lifecycle.onStop('database-wait', () => stopping.abort());

  return {
    ...clients,
    metrics,
    outbox,
    relay,
    models,
    unit,
    hooks,
    applyChanges: resolve,
    api: api.withApply(resolve, unit),
    consumers,
  };
}
