import { kafkaBrokers, redisUrl, uniqueId } from '@rapport/testing';
import { createLogger, Lifecycle, type HttpApp } from '@rapport/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadServiceConfig, SERVICE } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';

describe('ingest-social app against real infrastructure', () => {
  let app: HttpApp;
  let lifecycle: Lifecycle;

  beforeAll(async () => {
    const config = loadServiceConfig({
      REDIS_URL: await redisUrl(),
      KAFKA_BROKERS: (await kafkaBrokers()).join(','),
      KAFKA_TOPIC_PREFIX: `t-${uniqueId()}.`,
      API_KEYS: 'test:0123456789abcdef0123:ingest:write',
      LOG_LEVEL: 'warn',
    });
    const logger = createLogger({
      service: SERVICE.name,
      version: SERVICE.version,
      level: config.service.logLevel,
    });
    lifecycle = new Lifecycle({ logger });
    const deps = await createDeps(config, lifecycle, logger);
    app = await buildApp({ config, deps, logger, readiness: lifecycle.readiness });
    lifecycle.onStop('http', () => app.close());
    await app.ready();
  });

  afterAll(async () => {
    expect(await lifecycle?.stop()).toEqual({ ok: true });
  });

  it('is live and ready once its dependencies answer', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(Object.keys(ready.json().checks).sort()).toEqual(['kafka', 'redis']);
  });

  it('documents itself at /docs/json', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    expect(doc.info).toMatchObject({ title: SERVICE.name, version: SERVICE.version });
    expect(doc.paths['/healthz']).toBeDefined();
  });

  it('serves metrics', async () => {
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('http_request_duration_seconds');
  });
});
