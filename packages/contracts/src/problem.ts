import { z } from 'zod';

export const problemContentType = 'application/problem+json';

/** One invalid field. `path` is a JSON pointer into the request body: `/emails/0/address`. */
export const ProblemFieldError = z.object({
  path: z.string().describe('JSON pointer (RFC 6901) to the field; "" for the whole body'),
  message: z.string(),
  code: z.string().describe('Machine-readable code, e.g. invalid_type, too_small, unrecognized_keys'),
});
export type ProblemFieldError = z.output<typeof ProblemFieldError>;

/**
 * RFC 9457 problem details, with an `errors` extension listing invalid fields. Loose: the RFC
 * allows further extension members.
 */
export const Problem = z
  .looseObject({
    type: z.string().default('about:blank').describe('URI identifying the problem type'),
    title: z.string().describe('Short summary of the problem type'),
    status: z.int().min(100).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(ProblemFieldError).optional(),
  })
  .describe('RFC 9457 problem details')
  .meta({
    examples: [
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'The body is invalid',
        errors: [{ path: '/currency', message: 'is not an ISO 4217 currency code', code: 'custom' }],
      },
    ],
  });
export type Problem = z.output<typeof Problem>;

/** `['emails', 0, 'address']` → `/emails/0/address`, escaping `~` and `/` as RFC 6901 requires. */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((part) => '/' + String(part).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** Zod issues as problem field errors; unknown keys become one error per key. */
export function problemErrors(error: z.ZodError): ProblemFieldError[] {
  return error.issues.flatMap((issue): ProblemFieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: toJsonPointer([...issue.path, key]),
        message: 'is not a known field',
        code: issue.code,
      }));
    }
    return [{ path: toJsonPointer(issue.path), message: issue.message, code: issue.code }];
  });
}
