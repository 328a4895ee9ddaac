import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strictDeep } from './strict-deep.ts';

const Tolerant = z
  .object({
    id: z.string().describe('the id'),
    items: z.array(z.object({ n: z.int() })).min(1),
    nested: z.object({ a: z.string().optional() }).optional(),
    either: z.union([z.string(), z.object({ b: z.boolean() })]).optional(),
  })
  .refine((v) => v.id !== 'forbidden', { message: 'forbidden id', path: ['id'] });

const Strict = strictDeep(Tolerant);

describe('strictDeep', () => {
  it('rejects unknown keys at every depth', () => {
    const ok = { id: 'x', items: [{ n: 1 }] };
    expect(Strict.safeParse(ok).success).toBe(true);
    expect(Strict.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(Strict.safeParse({ ...ok, items: [{ n: 1, m: 2 }] }).success).toBe(false);
    expect(Strict.safeParse({ ...ok, nested: { a: 'x', b: 1 } }).success).toBe(false);
    expect(Strict.safeParse({ ...ok, either: { b: true, c: 1 } }).success).toBe(false);
  });

  it('keeps checks, refinements and descriptions', () => {
    expect(Strict.safeParse({ id: 'x', items: [] }).success).toBe(false);
    expect(Strict.safeParse({ id: 'forbidden', items: [{ n: 1 }] }).success).toBe(false);
    const json = z.toJSONSchema(Strict) as unknown as { properties: { id: { description?: string } } };
    expect(json.properties.id.description).toBe('the id');
  });

  it('leaves the tolerant original untouched', () => {
    expect(Tolerant.safeParse({ id: 'x', items: [{ n: 1, m: 2 }], extra: 1 }).success).toBe(true);
  });
});
