import { z } from 'zod';

/**
 * Two values in order, as an array of exactly two. Not `z.tuple`: the OpenAPI documents' JSON Schema
 * transform writes a tuple as an `items` array, which OpenAPI 3.1 (JSON Schema 2020-12) rejects.
 */
export function pairOf<T extends z.ZodType>(item: T) {
  return z.array(item).length(2);
}
