import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { ApiKey } from './config.ts';
import { RouteScopeMissing } from './errors.ts';
import { HttpProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a caller's API key must hold, e.g. 'ingest:write'. Required unless `public`. */
    scope?: string;
    /** No API key needed: probes, metrics. */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller, null on public routes. Log `principal.name`, never the key. */
    principal: Principal | null;
  }
}

export interface Principal {
  name: string;
  scopes: readonly string[];
}

export interface AuthOptions {
  apiKeys: readonly ApiKey[];
}

/** Names used in the OpenAPI document's `components.securitySchemes`. */
export const SECURITY_SCHEMES = {
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
  bearer: { type: 'http', scheme: 'bearer' },
} as const;

export const DOCS_PREFIX = '/docs';

const CHALLENGE = { 'www-authenticate': 'Bearer' };

function isDocsRoute(url: string): boolean {
  return url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`);
}

export function isPublicRoute(route: Pick<RouteOptions, 'url' | 'config'>): boolean {
  return route.config?.public === true || isDocsRoute(route.url);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = request.headers.authorization;
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

/**
 * API-key auth for every route but the public ones. Each route states its scope in
 * `config: { scope }`; registering a non-public route without one fails at startup, so a
 * forgotten scope cannot ship as "any key will do".
 */
export function installAuth(app: FastifyInstance, { apiKeys }: AuthOptions): void {
  // Comparing fixed-length digests keeps timingSafeEqual's equal-length rule from leaking the
  // key's length, and checking every key (no early exit) keeps the match position from leaking.
  const known = apiKeys.map((key) => ({
    digest: digest(key.secret),
    principal: { name: key.name, scopes: key.scopes },
  }));

  function authenticate(secret: string): Principal | null {
    const presented = digest(secret);
    let found: Principal | null = null;
    for (const key of known) {
      if (timingSafeEqual(presented, key.digest)) found = key.principal;
    }
    return found;
  }

  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    if (!isPublicRoute(route) && !route.config?.scope) {
      throw new RouteScopeMissing(`${String(route.method)} ${route.url}`);
    }
  });

  app.addHook('onRequest', async (request) => {
    // Unmatched URLs fall through to the 404 problem: there is nothing to protect.
    if (request.is404) return;
    const { config, url } = request.routeOptions;
    if (isPublicRoute({ url: url ?? '', config })) return;

    const secret = presentedKey(request);
    if (secret === undefined) {
      throw new HttpProblem({
        status: 401,
        detail: 'send an API key in x-api-key or Authorization: Bearer',
        headers: CHALLENGE,
      });
    }
    const principal = authenticate(secret);
    if (!principal) throw new HttpProblem({ status: 401, detail: 'unknown API key', headers: CHALLENGE });
    if (config.scope && !principal.scopes.includes(config.scope)) {
      throw new HttpProblem({ status: 403, detail: `this API key lacks the scope ${config.scope}` });
    }
    request.principal = principal;
  });
}
