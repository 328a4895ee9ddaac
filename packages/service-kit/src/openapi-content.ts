import { Problem } from '@rapport/contracts';
import type { z } from 'zod';

interface ContentMap {
  content: Record<string, { schema: z.ZodType }>;
}

const isContentMap = (value: unknown): value is ContentMap =>
  typeof value === 'object' && value !== null && 'content' in value && typeof value.content === 'object';

/**
 * The zod → JSON Schema transform of a route, also for a body given per media type
 * (`body: { content: { 'application/json': { schema }, 'application/x-ndjson': { schema } } }`),
 * which Fastify validates per media type but the zod transform takes only as a single schema: each
 * media type's schema is converted as if it were the body.
 */
export function transformWithContentBody<D extends { schema: unknown }, R extends { schema: unknown }>(
  document: D,
  toJsonSchema: (document: D) => R,
): R {
  const schema = document.schema as { body?: unknown } | undefined;
  if (!isContentMap(schema?.body)) return toJsonSchema(document);
  const { body, ...rest } = schema;
  const transformed = toJsonSchema({ ...document, schema: rest });
  const content = Object.fromEntries(
    Object.entries(body.content).map(([media, { schema: bodySchema }]) => {
      const converted = toJsonSchema({ ...document, schema: { body: bodySchema } });
      return [media, { schema: (converted.schema as { body: unknown }).body }];
    }),
  );
  return { ...transformed, schema: { ...(transformed.schema as object), body: { content } } };
}

/**
 * An error response in the route schema: problem+json (RFC 9457) with `schema` (default the plain
 * Problem), which the kit's error handler produces and the OpenAPI document then names correctly.
 */
export function problemResponse(description: string, schema: z.ZodType = Problem) {
  return { description, content: { 'application/problem+json': { schema } } };
}
