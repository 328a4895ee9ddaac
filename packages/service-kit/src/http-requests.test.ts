import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Problem } from '@rapport/contracts';
import { buildHttp, type HttpApp } from './http.ts';
import { createLogger } from './logger.ts';
import { problemResponse } from './openapi-content.ts';
import { Readiness } from './readiness.ts';

// How the kit's HTTP shell treats what arrives: media types, JSON text, methods, and what the
// OpenAPI document says about it.

const KEY = 'writer-secret-0123456789';
const auth = { 'x-api-key': KEY };

let apps: HttpApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

async function build() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ service: 'test-svc', version: '1', level: 'info' }, sink);
  const app = await buildHttp({
    service: 'test-svc',
    version: '1',
    logger,
    auth: { apiKeys: [{ name: 'writer', secret: KEY, scopes: ['ingest:write'] }] },
    readiness: new Readiness({ logger }),
  });
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) =>
    done(
      null,
      (body as string)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ),
  );
  const Record = z.strictObject({
    names: z.strictObject({ given: z.string() }).optional(),
    n: z.int().optional(),
  });
  app.post(
    '/records',
    {
      config: { scope: 'ingest:write' },
      schema: {
        body: Record,
        response: { 202: z.object({ ok: z.literal(true) }), 400: problemResponse('Invalid body') },
      },
    },
    async (_request, reply) => reply.code(202).send({ ok: true }),
  );
  app.post(
    '/records/batch',
    {
      config: { scope: 'ingest:write' },
      schema: {
        body: {
          content: {
            'application/json': { schema: z.strictObject({ records: z.array(Record) }) },
            'application/x-ndjson': { schema: z.array(Record) },
          },
        },
        response: { 202: z.object({ ok: z.literal(true) }) },
      },
    },
    async (_request, reply) => reply.code(202).send({ ok: true }),
  );
  app.get('/things/:id', { config: { scope: 'ingest:write' } }, async () => ({ ok: true }));
  apps.push(app);
  await app.ready();
  return { app, lines };
}

const post = (app: HttpApp, url: string, contentType: string, payload: string | Buffer) =>
  app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': contentType }, payload });

describe('the HTTP shell', () => {
  it('answers a text/plain body with 415, naming what the route takes', async () => {
    const { app } = await build();
    const response = await post(app, '/records', 'text/plain', '{"n":1}');
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 415, detail: 'this route takes application/json' });
  });

  it('answers a body in a media type with a parser but not taken by the route with 415', async () => {
    const { app } = await build();
    const response = await post(app, '/records', 'application/x-ndjson', '{"n":1}\n');
    expect(response.statusCode).toBe(415);
    expect((await post(app, '/records/batch', 'application/x-ndjson', '{"n":1}\n')).statusCode).toBe(202);
    expect((await post(app, '/records/batch', 'application/json', '{"records":[]}')).statusCode).toBe(202);
  });

  it('refuses a __proto__ key by name: the body is valid JSON', async () => {
    const { app } = await build();
    const response = await post(app, '/records', 'application/json', '{"n":1,"__proto__":{"admin":true}}');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      detail: 'the body uses a field name that is not accepted',
      errors: [{ path: '/__proto__', code: 'forbidden_key' }],
    });
  });

  it('refuses invalid UTF-8, naming the field, instead of storing replacement characters', async () => {
    const { app } = await build();
    const body = Buffer.concat([
      Buffer.from('{"names":{"given":"Jos'),
      Buffer.from([0xe9]),
      Buffer.from('"}}'),
    ]);
    const response = await post(app, '/records', 'application/json', body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      detail: 'the body is not valid UTF-8',
      errors: [{ path: '/names/given', message: 'is not valid UTF-8', code: 'invalid_utf8' }],
    });
  });

  it('answers TRACE (or any method a path does not take) with 405 and Allow, an unknown path with 404', async () => {
    const { app } = await build();
    const trace = await app.inject({ method: 'TRACE' as 'GET', url: '/records', headers: auth });
    expect(trace.statusCode).toBe(405);
    expect(trace.headers.allow).toBe('POST');
    expect(trace.headers['content-type']).toMatch(/^application\/problem\+json/);
    const del = await app.inject({ method: 'DELETE', url: '/things/42', headers: auth });
    expect(del.statusCode).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD');
    const query = await app.inject({ method: 'QUERY' as 'GET', url: '/records', headers: auth });
    expect(query.statusCode, query.body).toBe(405);
    expect((await app.inject({ method: 'TRACE' as 'GET', url: '/nowhere' })).statusCode).toBe(404);
  });

  it('documents error answers as application/problem+json and a body per media type', async () => {
    const { app } = await build();
    const doc = (await app.inject({ url: '/docs/json' })).json();
    const records = doc.paths['/records'].post;
    expect(Object.keys(records.responses['400'].content)).toEqual(['application/problem+json']);
    expect(
      records.responses['400'].content['application/problem+json'].schema.properties.status,
    ).toBeDefined();
    const batch = doc.paths['/records/batch'].post.requestBody.content;
    expect(Object.keys(batch).sort()).toEqual(['application/json', 'application/x-ndjson']);
    expect(batch['application/x-ndjson'].schema.type).toBe('array');
    expect(batch['application/json'].schema.properties.records.type).toBe('array');
    expect(Problem.safeParse({ title: 'x', status: 400 }).success).toBe(true);
  });

  it("logs one line per request, not Fastify's own pair as well", async () => {
    const { app, lines } = await build();
    await post(app, '/records', 'application/json', '{"n":1}');
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages.filter((m) => m === 'request')).toHaveLength(1);
    expect(messages).not.toContain('incoming request');
    expect(messages).not.toContain('request completed');
  });
});
