import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problem.ts';

/**
 * A request whose path exists under other methods gets 405 with `Allow` instead of 404 (RFC 9110,
 * 15.5.6): TRACE, OPTIONS, QUERY or DELETE on a POST route. The methods of each path are collected as
 * routes are registered, into a second router with Fastify's own matching rules (find-my-way). Checked
 * when the request arrives, before its body is read: a method Fastify expects a body for must not
 * first fail on a missing Content-Type.
 */
export function installMethodNotAllowed(app: FastifyInstance): void {
  const router = FindMyWay();
  const methods = new Set<string>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      methods.add(method);
      router.on(method as HTTPMethod, route.url, () => {});
    }
  });
  app.addHook('onRequest', async (request) => {
    if (!request.is404) return;
    const path = request.url.split('?')[0] ?? request.url;
    const allow = [...methods]
      .filter((m) => m !== request.method && router.find(m as HTTPMethod, path) !== null)
      .sort();
    if (allow.length === 0) return;
    throw new HttpProblem({
      status: 405,
      detail: `${path} answers ${allow.join(', ')}, not ${request.method}`,
      headers: { allow: allow.join(', ') },
    });
  });
}
