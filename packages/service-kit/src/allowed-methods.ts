import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { FastifyInstance } from 'fastify';

/**
 * The methods each path answers, collected as routes are registered, so that a request whose path
 * exists under another method gets 405 with `Allow` instead of 404 (RFC 9110, 15.5.6). A second
 * router with Fastify's own matching rules (find-my-way), fed the same routes.
 */
export function collectAllowedMethods(app: FastifyInstance): (method: string, url: string) => string[] {
  const router = FindMyWay();
  const methods = new Set<string>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      methods.add(method);
      router.on(method as HTTPMethod, route.url, () => {});
    }
  });
  return (method, url) => {
    const path = url.split('?')[0] ?? url;
    return [...methods].filter((m) => m !== method && router.find(m as HTTPMethod, path) !== null).sort();
  };
}
