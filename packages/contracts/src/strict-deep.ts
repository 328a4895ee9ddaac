import { z } from 'zod';

/**
 * The same schema with every object in it, however deep, made strict (unknown keys rejected).
 *
 * Records are written once, tolerant (zod's default strips unknown keys), because consumers of a
 * topic must survive additive fields from newer producers. REST request bodies reuse those records
 * through this function so a typo in a nested field (`names.givn`) is a 400 rather than silent loss.
 * Strict and stripping objects infer the same types, so returning `T` is exact.
 * Checks, refinements and metadata survive: each node is cloned from its own definition.
 */
export function strictDeep<T extends z.ZodType>(schema: T): T {
  return rebuild(schema) as T;
}

function rebuild(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const next: Record<string, unknown> = { ...def };
  for (const [key, value] of Object.entries(def)) {
    // `checks` hold refinements, which look like schemas from the outside but must stay as they are.
    if (key === 'checks') continue;
    if (value instanceof z.ZodType) next[key] = rebuild(value);
    else if (Array.isArray(value) && value.every((item) => item instanceof z.ZodType)) {
      next[key] = value.map((item: z.ZodType) => rebuild(item));
    }
  }
  if (def.type === 'object') {
    const shape = def.shape as Record<string, z.ZodType>;
    next.shape = Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, rebuild(value)]));
    next.catchall = z.never();
  }
  return schema.clone(next as never, { parent: true });
}
