import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';

/**
 * A route's `validatorCompiler` for handlers that read the body themselves (a batch answered record by
 * record, a CSV file): the body reaches the handler as it came, while headers, query and params are
 * validated by their zod schemas as usual. The body's schema stays on the route, so OpenAPI documents it.
 */
export function validateAllButBody<S>(
  route: Parameters<FastifySchemaCompiler<S>>[0],
): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (data: unknown) => ({ value: data });
  // The route's schema type is the whole route schema; the zod compiler is handed one part of it.
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}
