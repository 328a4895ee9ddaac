import { z } from 'zod';

// Text the fleet accepts is what it claims to be. A lone surrogate (JSON's "\ud800" escape) has no
// UTF-8 form: the Kafka key and the event's value would each repair it their own way and disagree.
// NUL cannot be stored in Postgres text and truncates values in C-based tools. Both are refused
// with a reason, as is any control character in an identifier. One pattern per kind of field rather
// than refinements, so JSON Schema and OpenAPI publish the rule: leading spaces, one character that
// is not a space, then anything allowed (UTF-16 code units: a surrogate pair is one character).
const PAIR = '[\\ud800-\\udbff][\\udc00-\\udfff]';
const nonBlankPattern = (excluded: string) =>
  new RegExp(
    `^[^\\S${excluded}]*(?:[^\\s${excluded}\\ud800-\\udfff]|${PAIR})(?:[^${excluded}\\ud800-\\udfff]|${PAIR})*$`,
  );
const TEXT = nonBlankPattern('\\u0000');
const IDENTIFIER = nonBlankPattern('\\u0000-\\u001f\\u007f-\\u009f');

function textProblem(value: unknown): string {
  if (typeof value !== 'string') return 'must be text';
  if (!value.isWellFormed()) return 'must be well-formed Unicode: it holds a lone surrogate';
  if (value.includes('\u0000')) return 'must not contain the NUL character';
  if (!/\S/.test(value)) return 'must not be blank';
  return 'must not contain control characters';
}

/**
 * Text with at least one non-space character. Every text field uses it, so trimming during
 * normalisation can never turn a valid value into an empty one.
 */
export function nonBlank(maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .regex(TEXT, { error: (issue) => textProblem(issue.input) });
}

/** An identifier in a source system (member id, CRM id, post id, store id...): no control characters. */
export const SourceId = z
  .string()
  .max(200)
  .regex(IDENTIFIER, { error: (issue) => textProblem(issue.input) });

/** Short free text: a name, a company, a tier label. */
export const ShortText = nonBlank(300);

/** A source system label: lowercase slug, e.g. `loyalty`, `crm`, `social`, `acme-pos`. */
export const SourceLabel = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, { message: 'must be a lowercase slug such as "loyalty"' })
  .describe('Source system label, a lowercase slug');
