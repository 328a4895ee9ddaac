import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateAllButBody } from './body-validation.ts';
import { buildHttp, type HttpApp } from './http.ts';
import { createLogger } from './logger.ts';
import { Readiness } from './readiness.ts';

let app: HttpApp | undefined;
afterEach(() => app?.close());

async function routeReadingItsBody(): Promise<HttpApp> {
  const logger = createLogger({ service: 'svc', version: '1', level: 'silent' });
  app = await buildHttp({
    service: 'svc',
    version: '1',
    logger,
    auth: { apiKeys: [] },
    readiness: new Readiness(),
  });
  app.post(
    '/import',
    {
      config: { public: true },
      validatorCompiler: validateAllButBody,
      schema: {
        querystring: z.strictObject({ dryRun: z.enum(['yes', 'no']) }),
        body: z.strictObject({ records: z.array(z.number()) }),
      },
    },
    async (request) => ({ body: request.body }),
  );
  return app;
}

describe('validateAllButBody', () => {
  it('hands the body to the handler unchecked', async () => {
    const app = await routeReadingItsBody();
    const res = await app.inject({ method: 'POST', url: '/import?dryRun=yes', payload: { records: ['x'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ body: { records: ['x'] } });
  });

  it('still validates the query with its schema', async () => {
    const app = await routeReadingItsBody();
    const res = await app.inject({ method: 'POST', url: '/import?dryRun=maybe', payload: { records: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      type: 'urn:rapport:problem:validation',
      errors: [{ path: '/dryRun' }],
    });
  });

  it('keeps the body schema in the OpenAPI document', async () => {
    const app = await routeReadingItsBody();
    const doc = (await app.inject({ url: '/docs/json' })).json();
    const body = doc.paths['/import'].post.requestBody.content['application/json'].schema;
    expect(body.properties.records).toMatchObject({ type: 'array' });
  });
});
