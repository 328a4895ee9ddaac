import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Problem, problemErrors, toJsonPointer } from './problem.ts';

describe('Problem', () => {
  it('accepts an RFC 9457 body with field errors and extensions', () => {
    const parsed = Problem.parse({
      title: 'Bad Request',
      status: 400,
      errors: [{ path: '/currency', message: 'bad', code: 'custom' }],
      requestId: 'r-1',
    });
    expect(parsed.type).toBe('about:blank');
    expect(parsed.requestId).toBe('r-1');
  });

  it.each([
    ['a missing title', { status: 400 }],
    ['a status out of range', { title: 't', status: 700 }],
    ['a field error without code', { title: 't', status: 400, errors: [{ path: '/a', message: 'm' }] }],
  ])('rejects %s', (_, body) => {
    expect(Problem.safeParse(body).success).toBe(false);
  });
});

describe('problemErrors', () => {
  it('turns zod issues into JSON-pointer field errors, one per unknown key', () => {
    const schema = z.strictObject({ emails: z.array(z.strictObject({ address: z.string() })) });
    const result = schema.safeParse({ emails: [{ address: 1 }], 'a/b': 1 });
    expect(problemErrors(result.error!)).toEqual([
      { path: '/emails/0/address', message: expect.any(String), code: 'invalid_type' },
      { path: '/a~1b', message: 'is not a known field', code: 'unrecognized_keys' },
    ]);
  });

  it('escapes ~ and / per RFC 6901', () => {
    expect(toJsonPointer(['a~b', 'c/d', 0])).toBe('/a~0b/c~1d/0');
    expect(toJsonPointer([])).toBe('');
  });
});
