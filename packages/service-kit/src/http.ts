import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  createJsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { HealthResponse, ReadyResponse, RECORD_ID_MAX } from '@rapport/contracts';
import { DOCS_PREFIX, installAuth, SECURITY_SCHEMES, type AuthOptions } from './auth.ts';
import { installMethodNotAllowed } from './allowed-methods.ts';
import { installErrorHandler } from './error-handler.ts';
import { installMediaTypes } from './media-types.ts';
import { transformWithContentBody } from './openapi-content.ts';
import { installHttpMetrics, prepareRegistry } from './metrics.ts';
import type { Readiness, ReadinessReport } from './readiness.ts';
import { requestLoggerFactory } from './request-logger.ts';

/** The Fastify instance every service builds its routes on: zod schemas in, typed handlers out. */
export type HttpApp = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's prom-client registry: register service metrics here so /metrics shows them. */
    metricsRegistry: Registry;
  }
}

export interface BuildHttpOptions {
  service: string;
  version: string;
  logger: Logger;
  auth: AuthOptions;
  readiness: Readiness;
  metricsRegistry?: Registry;
  /** Largest accepted request body in bytes; above it the answer is 413. Default 1 MiB. */
  bodyLimit?: number;
  description?: string;
}

export const REQUEST_ID_HEADER = 'x-request-id';
// A caller's id is echoed into logs and headers: accept only a bounded, inert alphabet.
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const PROBE_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Builds the HTTP shell shared by every service: request ids, auth, problem+json errors, OpenAPI
 * at /docs, probes and metrics. The service then registers its routes on the returned instance.
 */
export async function buildHttp(options: BuildHttpOptions): Promise<HttpApp> {
  const { service, version, logger, auth, readiness } = options;
  const registry = prepareRegistry(options.metricsRegistry);

  const base = Fastify({
    // pino's Logger is Fastify's logger type widened with pino extras; Fastify only needs the base.
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Path parameters are ids the routes' schemas bound (a customer id is the longest), matched
    // percent-encoded: up to 9 bytes of URL per UTF-16 unit. Fastify's default (100) answers a valid long
    // id 414 before validation.
    routerOptions: { maxParamLength: (RECORD_ID_MAX + 2) * 9 },
    forceCloseConnections: 'idle',
    // One access line per request (below) instead of Fastify's two: half the logging cost on the hot path.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    // request.log's pino child is made only when the request logs something (see RequestLogger).
    childLoggerFactory: requestLoggerFactory,
    genReqId: (request) => {
      const given = request.headers[REQUEST_ID_HEADER];
      return typeof given === 'string' && VALID_REQUEST_ID.test(given) ? given : randomUUID();
    },
  });

  base.setValidatorCompiler(validatorCompiler);
  base.setSerializerCompiler(serializerCompiler);
  base.decorate('metricsRegistry', registry);
  // Echoed on every response, errors included, so a caller can quote it in a report.
  base.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  // While stopping, a keep-alive connection that carried an in-flight request would otherwise stay
  // open after its response and hold app.close() until the deadline: tell the client to hang up.
  base.addHook('onSend', async (_request, reply) => {
    if (readiness.stopping) reply.header('connection', 'close');
  });
  // The route pattern, never the raw URL: a query string can carry PII. Probes log at debug so that an
  // orchestrator polling them does not drown the service's own lines.
  base.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    // A probe's 503 (not ready yet, or a dependency down) is its answer, not a failure: the readiness
    // checks log their own changes.
    const level = PROBE_ROUTES.has(route) ? 'debug' : reply.statusCode >= 500 ? 'error' : 'info';
    request.log[level](
      {
        method: request.method,
        route,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
  installErrorHandler(base);
  installMethodNotAllowed(base);
  installMediaTypes(base);
  installHttpMetrics(base, registry);
  installAuth(base, auth);

  const app = base.withTypeProvider<ZodTypeProvider>();

  const toJsonSchema = createJsonSchemaTransform({ skipList: [] });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: service, version, ...(options.description ? { description: options.description } : {}) },
      components: {
        securitySchemes: { apiKey: { ...SECURITY_SCHEMES.apiKey }, bearer: { ...SECURITY_SCHEMES.bearer } },
      },
    },
    transform: (document) => {
      const transformed = transformWithContentBody(document, toJsonSchema);
      const scope = document.route.config?.scope;
      if (!scope) return transformed;
      const schema = (transformed.schema ?? {}) as Record<string, unknown>;
      return {
        url: transformed.url,
        schema: {
          ...schema,
          security: [{ apiKey: [] }, { bearer: [] }],
          description: [schema.description, `Requires an API key with scope \`${scope}\`.`]
            .filter(Boolean)
            .join('\n\n'),
        },
      };
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });

  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['ops'],
        summary: 'Liveness: answers while the process runs',
        response: { 200: HealthResponse },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['ops'],
        summary: 'Readiness: every dependency answers and the service is not stopping',
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
    },
    async (_request, reply) => {
      const report = await readiness.evaluate();
      return reply.code(report.ready ? 200 : 503).send(toReadyResponse(report));
    },
  );

  app.get(
    '/metrics',
    { config: { public: true }, schema: { tags: ['ops'], summary: 'Prometheus metrics', hide: true } },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );

  return app;
}

function toReadyResponse(report: ReadinessReport): ReadyResponse {
  const checks: ReadyResponse['checks'] = {};
  for (const check of report.checks) {
    // Only the outcome: error texts can carry hosts or connection strings; they go to the log.
    checks[check.name] = {
      ok: check.status === 'ok',
      latencyMs: check.durationMs,
      ...(check.status === 'ok'
        ? {}
        : { detail: check.status === 'timeout' ? 'no answer in time' : 'check failed' }),
    };
  }
  if (report.stopping) checks.shutdown = { ok: false, detail: 'the service is stopping' };
  return { status: report.ready ? 'ready' : 'not_ready', checks };
}
