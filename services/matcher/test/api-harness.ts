// The matcher's REST API on a fresh database and Redis prefix, for the API's integration tests: the
// resolution use case with its hooks as deps.ts wires them, without the consumer.
import { fileURLToPath } from 'node:url';
import { createPool, migrate, type Pool } from '@rapport/db';
import type { RecordChange } from '@rapport/matching';
import { defineOutbox } from '@rapport/outbox';
import { createRedis } from '@rapport/redis';
import { buildHttp, createLogger, parseApiKeys, Readiness, type HttpApp } from '@rapport/service-kit';
import { createTestDatabase, TEST_API_KEYS } from '@rapport/testing';
import { ModelCatalog } from '../src/adapters/model-catalog.ts';
import { modelSwitchRepo } from '../src/adapters/model-switch.repo.ts';
import { openResolutionUnit } from '../src/adapters/resolution-unit.ts';
import { apiDeps } from '../src/api-deps.ts';
import { decodeMessage } from '../src/consumers/decode-message.ts';
import { apiRoutes } from '../src/routes/api.routes.ts';
import { applyChanges, type PendingChange, type Resolved } from '../src/use-cases/apply-changes.ts';
import type { ApplyChanges } from '../src/use-cases/ports.ts';
import { switchModel } from '../src/use-cases/switch-model.ts';
import { testModel } from './api-people.ts';

const migrations = fileURLToPath(new URL('../migrations', import.meta.url));

/** An event as the matcher's outbox holds it. */
export type OutboxMessage = { topic: string; key: string; payload: string };

async function published(pool: Pool, topic: string): Promise<OutboxMessage[]> {
  const { rows } = await pool.query<OutboxMessage>(
    'select topic, key, payload from matcher_outbox where topic = $1 order by id',
    [topic],
  );
  return rows;
}

export type ApiHarness = Awaited<ReturnType<typeof startApi>>;

/** Keys as the fleet's test keys: reader (customers:read), admin (read and admin). */
const apiKeys = parseApiKeys(
  `reader:${TEST_API_KEYS.reader}:customers:read;admin:${TEST_API_KEYS.admin}:customers:read+customers:admin`,
).keys;

const at = '2025-03-14T09:00:00.000Z';

export async function startApi(redisFixture: { url: string; prefix: string }) {
  const database = await createTestDatabase();
  const pool = createPool(database.url, { max: 6 });
  await migrate(pool, { dir: migrations, owner: 'matcher' });
  const logger = createLogger({ service: 'matcher-test', version: '0', level: 'silent' });
  const redis = createRedis(redisFixture.url, logger, { keyPrefix: redisFixture.prefix });
  await redis.connect();
  const outbox = defineOutbox({ table: 'matcher_outbox' });
  const models = new ModelCatalog({
    version: 'test-1',
    json: JSON.stringify(testModel()),
    trainedOn: { source: 'generated', command: 'testModel()' },
  });
  const unit = openResolutionUnit({ pool, outbox, models });
  const api = apiDeps({
    pool,
    redis,
    outbox,
    settings: {
      hashSecret: 'test-hash-secret-0123456789abcdef-0123',
      developmentSecret: false,
      lookupCacheTtlSeconds: 60,
    },
    logger,
  });
  const resolved: Resolved[] = [];
  const apply: ApplyChanges = async (input) => {
    const out = await applyChanges({ unit, hooks: [api.hooks], logger }, input);
    if (out.resolved !== undefined) resolved.push(out.resolved);
    return out;
  };
  const routes = api.withApply(apply, unit);
  const app: HttpApp = await buildHttp({
    service: 'matcher',
    version: '0',
    logger,
    auth: { apiKeys },
    readiness: new Readiness({ logger }),
  });
  apiRoutes(app, routes);
  await app.ready();

  const as = (key: keyof typeof TEST_API_KEYS) => ({ 'x-api-key': TEST_API_KEYS[key] });
  return {
    app,
    pool,
    redis,
    resolved,
    /** Source changes as the consumer applies them (no event ids: each applied as given). */
    apply: (changes: readonly RecordChange[]) =>
      apply({ changes: changes.map((change): PendingChange => ({ change, origin: { occurredAt: at } })) }),
    /**
     * Stores `model` as `version` and switches to it as the matcher does when `rapport matcher use-model`
     * asks (the CLI's request, then the poller's switch with the API's hooks).
     */
    async switchModel(version: string, model: object) {
      await pool.query(
        `insert into matcher_models (version, model, trained_on) values ($1, $2, '{"source":"test"}')`,
        [version, JSON.stringify(model)],
      );
      await pool.query(`update matcher_state set next_model_version = $1, rebuild_started_at = now()`, [
        version,
      ]);
      const switched = await switchModel({
        unit,
        hooks: [api.hooks],
        logger,
        port: (tx) => modelSwitchRepo(tx.client, models),
        batch: 500,
      });
      if (switched !== undefined) resolved.push(switched);
      return switched;
    },
    /** The API's events in the outbox of `topic`, in order: what the relay publishes. */
    published: (topic: string) => published(pool, topic),
    /** Messages applied as the consumer applies what it reads (decodeMessage, then the use case). */
    consume: async (messages: readonly OutboxMessage[]) => {
      const changes = messages.flatMap((m, i) => {
        const decoded = decodeMessage({
          topic: m.topic,
          partition: 0,
          offset: String(i),
          key: m.key,
          value: Buffer.from(m.payload),
          headers: {},
          timestamp: '0',
        });
        if (decoded.kind !== 'changes') throw new Error(`undecodable ${m.topic} message`);
        return decoded.changes;
      });
      return apply({ changes });
    },
    get: (url: string, key: keyof typeof TEST_API_KEYS = 'reader') =>
      app.inject({ method: 'GET', url, headers: as(key) }),
    post: (url: string, payload: object, key: keyof typeof TEST_API_KEYS = 'reader') =>
      app.inject({ method: 'POST', url, payload, headers: as(key) }),
    del: (url: string, key: keyof typeof TEST_API_KEYS = 'admin') =>
      app.inject({ method: 'DELETE', url, headers: as(key) }),
    async close() {
      await app.close();
      redis.disconnect();
      await pool.end();
      await database.drop();
    },
  };
}
