import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from '@rapport/service-kit';
import { CSV_CONTENT_TYPE } from './csv.ts';
import type { IdempotencyStore } from './idempotency.store.ts';
import { NDJSON_CONTENT_TYPE, NdjsonBody, parseNdjson } from './ndjson.ts';
import { IdempotencyKeyInFlight, IdempotencyKeyReused, RateLimited, StoreUnavailable } from './problems.ts';
import type { RateLimiter } from './rate-limit.store.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

export interface IngestHttpOptions {
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  maxBatchRecords: number;
}

interface Claim {
  scope: string;
  key: string;
  fingerprint: string;
}

// Per-request state without widening FastifyRequest for every service.
const claims = new WeakMap<FastifyRequest, Claim>();

/** What makes two requests "the same": method, route, query and the body bytes (or their JSON). */
function fingerprint(request: FastifyRequest): string {
  const hash = createHash('sha256');
  hash.update(`${request.method} ${request.routeOptions.url ?? request.url}\n`);
  hash.update(`${request.url.split('?')[1] ?? ''}\n${request.headers['content-type'] ?? ''}\n`);
  const body = request.body;
  if (body instanceof NdjsonBody) hash.update(body.raw);
  else if (Buffer.isBuffer(body)) hash.update(body);
  else hash.update(JSON.stringify(body) ?? '');
  return hash.digest('hex');
}

async function startIdempotent(
  store: IdempotencyStore,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (typeof key !== 'string' || request.principal === null) return undefined;
  const claim = { scope: request.principal.name, key, fingerprint: fingerprint(request) };
  let started;
  try {
    started = await store.start(claim.scope, claim.key, claim.fingerprint);
  } catch (error) {
    request.log.warn({ errorName: (error as Error).name }, 'idempotency store unavailable');
    throw new StoreUnavailable('redis', 1);
  }
  switch (started.kind) {
    case 'started':
      claims.set(request, claim);
      return undefined;
    case 'in_flight':
      throw new IdempotencyKeyInFlight();
    case 'mismatch':
      throw new IdempotencyKeyReused();
    case 'replay':
      request.log.info({ status: started.response.status }, 'idempotent replay');
      return reply
        .code(started.response.status)
        .header('content-type', started.response.contentType)
        .header(REPLAYED_HEADER, 'true')
        .send(started.response.body);
  }
}

/**
 * What every ingest service adds to the kit's HTTP shell:
 * - body parsers for NDJSON (`application/x-ndjson`, parsed per line) and CSV (`text/csv`, raw bytes);
 * - a per-API-key rate limit (after auth, before the body is read), answering 429 with Retry-After;
 * - Idempotency-Key on writes: a retried request gets the stored answer and produces nothing again.
 *   An answer is stored before it is sent (so a retry right after sees it), unless it is a 5xx:
 *   then the claim is released and a retry runs again.
 */
export function installIngestHttp(app: HttpApp, options: IngestHttpOptions): void {
  const { rateLimiter, idempotency } = options;

  app.addContentTypeParser(NDJSON_CONTENT_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, parseNdjson(body as Buffer, options.maxBatchRecords));
  });
  app.addContentTypeParser(CSV_CONTENT_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });

  app.addHook('onRequest', async (request, reply) => {
    // The kit's auth hook ran first: no principal means a public route.
    if (request.principal === null) return;
    let hit;
    try {
      hit = await rateLimiter.hit(request.principal.name);
    } catch (error) {
      request.log.warn({ errorName: (error as Error).name }, 'rate limiter unavailable');
      throw new StoreUnavailable('redis', 1);
    }
    reply.header('ratelimit-limit', String(hit.limit));
    reply.header('ratelimit-remaining', String(hit.remaining));
    reply.header('ratelimit-reset', String(hit.resetSeconds));
    if (!hit.allowed) throw new RateLimited(hit.limit, rateLimiter.windowSeconds, hit.resetSeconds);
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    return startIdempotent(idempotency, request, reply);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    if (!claim) return payload;
    claims.delete(request);
    try {
      if (reply.statusCode >= 500) {
        await idempotency.release(claim.scope, claim.key, claim.fingerprint);
      } else {
        await idempotency.complete(claim.scope, claim.key, claim.fingerprint, {
          status: reply.statusCode,
          contentType: String(reply.getHeader('content-type') ?? 'application/json'),
          body: typeof payload === 'string' ? payload : String(payload ?? ''),
        });
      }
    } catch (error) {
      // The write is stored and answered; only the replay is lost: a retry would publish again with
      // the same eventIds, which consumers recognise. Logged, not failed.
      request.log.warn({ errorName: (error as Error).name }, 'idempotency answer not stored');
    }
    return payload;
  });
}
