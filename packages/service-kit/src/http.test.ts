import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildHttp, type HttpApp } from './http.ts';
import { createLogger } from './logger.ts';
import { HttpProblem } from './problem.ts';
import { Readiness } from './readiness.ts';

const WRITER = 'writer-secret-0123456789';
const READER = 'reader-secret-0123456789';

const apiKeys = [
  { name: 'writer', secret: WRITER, scopes: ['ingest:write'] },
  { name: 'reader', secret: READER, scopes: ['customers:read'] },
];

let apps: HttpApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

async function build(options: { readiness?: Readiness; bodyLimit?: number } = {}) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ service: 'test-svc', version: '1.2.3', level: 'info' }, sink);
  const readiness = options.readiness ?? new Readiness({ logger });
  const app = await buildHttp({
    service: 'test-svc',
    version: '1.2.3',
    logger,
    auth: { apiKeys },
    readiness,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  app.post(
    '/records',
    {
      config: { scope: 'ingest:write' },
      schema: {
        body: z.strictObject({
          email: z.email(),
          items: z.array(z.object({ qty: z.number().int().positive() })).default([]),
        }),
        response: { 202: z.object({ accepted: z.literal(true), caller: z.string() }) },
      },
    },
    async (request, reply) => reply.code(202).send({ accepted: true, caller: request.principal?.name ?? '' }),
  );
  app.get('/customers/:id', { config: { scope: 'customers:read' } }, async (request) => {
    const { id } = request.params as { id: string };
    if (id === 'missing') {
      throw new HttpProblem({
        status: 404,
        type: 'urn:rapport:problem:customer-not-found',
        detail: 'no customer missing',
      });
    }
    if (id === 'boom') throw new Error('connection to 10.0.0.7 refused');
    return { id };
  });
  apps.push(app);
  await app.ready();
  return { app, lines, readiness };
}

const record = { email: 'jane@example.com', items: [{ qty: 1 }] };

describe('auth', () => {
  it('answers 401 problem without a key, with a challenge', async () => {
    const { app } = await build();
    const response = await app.inject({ method: 'POST', url: '/records', payload: record });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
  });

  it('answers 401 for an unknown key', async () => {
    const { app } = await build();
    const response = await app.inject({
      method: 'POST',
      url: '/records',
      payload: record,
      headers: { 'x-api-key': 'nope-nope-nope-nope' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toBe('unknown API key');
  });

  it('answers 403 when the key lacks the scope', async () => {
    const { app } = await build();
    const response = await app.inject({
      method: 'POST',
      url: '/records',
      payload: record,
      headers: { 'x-api-key': READER },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 403,
      detail: 'this API key lacks the scope ingest:write',
    });
  });

  it('accepts the key in x-api-key or as a bearer token', async () => {
    const { app } = await build();
    const viaHeader = await app.inject({
      method: 'POST',
      url: '/records',
      payload: record,
      headers: { 'x-api-key': WRITER },
    });
    expect(viaHeader.statusCode).toBe(202);
    expect(viaHeader.json()).toEqual({ accepted: true, caller: 'writer' });
    const viaBearer = await app.inject({
      method: 'GET',
      url: '/customers/c1',
      headers: { authorization: `Bearer ${READER}` },
    });
    expect(viaBearer.statusCode).toBe(200);
    expect(viaBearer.json()).toEqual({ id: 'c1' });
  });

  it('leaves probes, metrics and docs open', async () => {
    const { app } = await build();
    for (const url of ['/healthz', '/readyz', '/metrics', '/docs/json']) {
      expect((await app.inject({ url })).statusCode, url).toBe(200);
    }
  });

  it('refuses to register a route without a scope', async () => {
    const { app } = await build();
    const logger = createLogger({ service: 's', version: '0', level: 'silent' });
    const fresh = await buildHttp({
      service: 's',
      version: '0',
      logger,
      auth: { apiKeys },
      readiness: new Readiness(),
    });
    apps.push(fresh);
    expect(() => fresh.get('/open', async () => ({}))).toThrow(/declare config\.scope/);
    expect(app).toBeDefined();
  });

  it('never logs the key or the body', async () => {
    const { app, lines } = await build();
    await app.inject({
      method: 'POST',
      url: '/records?email=jane@example.com',
      payload: record,
      headers: { 'x-api-key': WRITER },
    });
    await app.inject({ url: '/customers/boom', headers: { authorization: `Bearer ${READER}` } });
    const logs = lines.join('');
    expect(logs).toContain('"service":"test-svc"');
    expect(logs).not.toContain(WRITER);
    expect(logs).not.toContain(READER);
    expect(logs).not.toContain('jane@example.com');
  });
});

describe('problem+json', () => {
  const headers = { 'x-api-key': WRITER };

  it('reports validation errors with the field path', async () => {
    const { app } = await build();
    const response = await app.inject({
      method: 'POST',
      url: '/records',
      headers,
      payload: { email: 'not-an-email', items: [{ qty: 1 }, { qty: -2 }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toMatchObject({ type: 'urn:rapport:problem:validation', title: 'Bad Request', status: 400 });
    expect(body.requestId).toBe(response.headers['x-request-id']);
    expect(body.detail).toBe('the request body is invalid');
    expect(body.errors).toEqual([
      { path: '/email', message: expect.any(String), code: 'invalid_format' },
      { path: '/items/1/qty', message: expect.any(String), code: 'too_small' },
    ]);
  });

  it('reports unknown fields of a strict body', async () => {
    const { app } = await build();
    const response = await app.inject({
      method: 'POST',
      url: '/records',
      headers,
      payload: { ...record, extra: 1 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { path: '/extra', message: 'is not a known field', code: 'unrecognized_keys' },
    ]);
  });

  it('answers 400 for malformed JSON', async () => {
    const { app } = await build();
    const response = await app.inject({
      method: 'POST',
      url: '/records',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"email": jane@example.com',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).not.toContain('jane@example.com');
  });

  it('answers 413 for a body over the limit', async () => {
    const { app } = await build({ bodyLimit: 64 });
    const response = await app.inject({
      method: 'POST',
      url: '/records',
      headers,
      payload: { email: `${'x'.repeat(100)}@example.com` },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('answers 404 problem for an unknown route', async () => {
    const { app } = await build();
    const response = await app.inject({ url: '/nowhere?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 404,
      title: 'Not Found',
      detail: 'no route GET /nowhere',
    });
  });

  it('turns a thrown HttpProblem into its problem', async () => {
    const { app } = await build();
    const response = await app.inject({ url: '/customers/missing', headers: { 'x-api-key': READER } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      type: 'urn:rapport:problem:customer-not-found',
      detail: 'no customer missing',
    });
  });

  it('hides the internals of a 500', async () => {
    const { app } = await build();
    const response = await app.inject({ url: '/customers/boom', headers: { 'x-api-key': READER } });
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      requestId: expect.any(String),
    });
    expect(response.body).not.toContain('10.0.0.7');
  });
});

describe('request ids', () => {
  it('echoes a valid x-request-id', async () => {
    const { app } = await build();
    const response = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers['x-request-id']).toBe('abc-123');
  });

  it('generates one when missing or unsafe, on errors too', async () => {
    const { app } = await build();
    const missing = await app.inject({ url: '/nowhere' });
    expect(missing.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'a\u0000"}{' } });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('/metrics', () => {
  it('serves default metrics and the request histogram by route template', async () => {
    const { app } = await build();
    await app.inject({ url: '/customers/c1', headers: { 'x-api-key': READER } });
    const response = await app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain('process_cpu_user_seconds_total');
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/customers\/:id",status_code="200"\} 1/,
    );
  });
});

describe('/readyz', () => {
  it('is 200 when every check passes', async () => {
    const readiness = new Readiness();
    readiness.register('db', async () => {});
    readiness.register('cache', async () => 'PONG');
    const { app } = await build({ readiness });
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      checks: {
        db: { ok: true, latencyMs: expect.any(Number) },
        cache: { ok: true, latencyMs: expect.any(Number) },
      },
    });
  });

  it('is 503 naming the check that rejects, throws or times out', async () => {
    const readiness = new Readiness();
    readiness.register('db', async () => {});
    readiness.register('kafka', () => Promise.reject(new Error('broker down')));
    readiness.register('thrower', () => {
      throw new Error('sync');
    });
    readiness.register('redis', () => new Promise(() => {}), { timeoutMs: 50 });
    const { app } = await build({ readiness });
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'not_ready',
      checks: {
        db: { ok: true },
        kafka: { ok: false, detail: 'check failed' },
        thrower: { ok: false, detail: 'check failed' },
        redis: { ok: false, detail: 'no answer in time' },
      },
    });
    expect(response.body).not.toContain('broker down');
  });

  it('is 503 once stopping, while /healthz stays 200', async () => {
    const readiness = new Readiness();
    const { app } = await build({ readiness });
    readiness.markStopping();
    const response = await app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'not_ready',
      checks: { shutdown: { ok: false, detail: 'the service is stopping' } },
    });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('/docs', () => {
  it('serves an OpenAPI 3.1 document with the security scheme on scoped routes', async () => {
    const { app } = await build();
    const doc = (await app.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'test-svc', version: '1.2.3' });
    expect(doc.components.securitySchemes).toEqual({
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      bearer: { type: 'http', scheme: 'bearer' },
    });
    const post = doc.paths['/records'].post;
    expect(post.security).toEqual([{ apiKey: [] }, { bearer: [] }]);
    expect(post.description).toContain('ingest:write');
    expect(post.requestBody.content['application/json'].schema.properties.email).toBeDefined();
    expect(doc.paths['/healthz'].get.security).toBeUndefined();
    expect((await app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });
});
