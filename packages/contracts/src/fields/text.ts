import { z } from 'zod';

// Text the fleet accepts is what it claims to be. NUL cannot be stored in Postgres text and
// truncates values in C-based tools; an identifier holds no control character at all. Both rules are
// patterns, so JSON Schema and OpenAPI publish them: leading spaces, one character that is not a
// space, then anything allowed. Spaces are spelt out (JavaScript's \s) rather than written \s, which
// other regex dialects read differently (Python counts \x1c-\x1f, not U+FEFF).
// A lone surrogate (JSON's "\ud800" escape) has no UTF-8 form: the Kafka key and the event's value
// would each repair it their own way and disagree. It is refused by a refinement, since patterns
// over surrogates mean different things in different dialects (UTF-16 units or code points).
const SPACE = ' \\t\\n\\v\\f\\r\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const PRINTABLE_SPACE = ' \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f';
const TEXT = new RegExp(`^[${SPACE}]*[^${SPACE}\\u0000][^\\u0000]*$`);
const IDENTIFIER = new RegExp(`^[${PRINTABLE_SPACE}]*[^${SPACE}${CONTROL}][^${CONTROL}]*$`);

function textProblem(value: unknown): string {
  if (typeof value !== 'string') return 'must be text';
  if (value.includes('\u0000')) return 'must not contain the NUL character';
  if (!/\S/.test(value)) return 'must not be blank';
  return 'must not contain control characters';
}

const wellFormed = (value: string): boolean => value.isWellFormed();
const LONE_SURROGATE = { message: 'must be well-formed Unicode: it holds a lone surrogate' };

/**
 * Text with at least one non-space character. Every text field uses it, so trimming during
 * normalisation can never turn a valid value into an empty one.
 */
export function nonBlank(maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .regex(TEXT, { error: (issue) => textProblem(issue.input) })
    .refine(wellFormed, LONE_SURROGATE);
}

/** An identifier in a source system (member id, CRM id, post id, store id...): no control characters. */
export const SourceId = z
  .string()
  .max(200)
  .regex(IDENTIFIER, { error: (issue) => textProblem(issue.input) })
  .refine(wellFormed, LONE_SURROGATE);

/**
 * The longest record id the fleet can build. A record is named `${source}:${key}` after its topic's key
 * (`loyalty:<program>:<member>`, `crm:<crmId>`, `social:<platform>:<handle>` lowercased), and scoring
 * names cards `loyalty:<program>:card:<number>`: two 200-character source ids and their separators make
 * 414, a social key at most 248 (a lowercased handle can grow: U+0130 becomes two units). 500 holds all.
 */
export const RECORD_ID_MAX = 500;

/**
 * A source record as the matcher names it. Not a SourceId: it is longer, and it holds what the key's
 * parts allow (a handle is free text, so it may carry control characters other than NUL).
 */
export const RecordId = nonBlank(RECORD_ID_MAX).describe('A source record: `${source}:${key}`');

/** A customer as the matcher names it: `c:` and the record id of its anchor record. */
export const CustomerId = nonBlank(RECORD_ID_MAX + 2).describe('A customer: `c:<record id>`');

/** Short free text: a name, a company, a tier label. */
export const ShortText = nonBlank(300);

/** A source system label: lowercase slug, e.g. `loyalty`, `crm`, `social`, `acme-pos`. */
export const SourceLabel = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, { message: 'must be a lowercase slug such as "loyalty"' })
  .describe('Source system label, a lowercase slug');
