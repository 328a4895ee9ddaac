import { isUtf8 } from 'node:buffer';
import { toJsonPointer, type ProblemFieldError } from '../problem.ts';

/** Bytes read as JSON the fleet accepts, or why not (field paths where there are any). */
export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'utf8_invalid' | 'json_invalid' | 'key_forbidden'; errors: ProblemFieldError[] };

// Keys that pollute prototypes when a parsed body is later merged into another object: `__proto__`,
// and `constructor` holding a `prototype` (the pair Fastify's own parser refuses). JSON.parse makes
// them plain own properties, harmless here, but they are refused by name rather than passed on. The
// cheap test on the text (a key may be spelt with \u escapes) decides whether the value is walked.
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|\\u/;

/**
 * The one reading of a JSON body, for REST bodies, NDJSON lines and raw Kafka values alike:
 * - UTF-8 only (RFC 8259): invalid bytes are refused, naming the fields that hold them, rather than
 *   stored as U+FFFD as a lenient decoder would (a leading BOM is ignored);
 * - valid JSON (the parser's message is not passed on: it quotes the input, which may be personal data);
 * - no `__proto__` key, nor `constructor` holding `prototype`, at any depth, each named with its path.
 * Lone surrogates and NUL are left to the field schemas (`nonBlank`, `SourceId`), which name the field.
 */
export function parseJsonBytes(raw: Buffer): JsonBody {
  const utf8 = isUtf8(raw);
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return utf8
      ? {
          ok: false,
          reason: 'json_invalid',
          errors: [{ path: '', message: 'is not valid JSON', code: 'invalid_json' }],
        }
      : { ok: false, reason: 'utf8_invalid', errors: [utf8Error('')] };
  }
  if (!utf8) {
    // The lenient decoding above turned each invalid sequence into U+FFFD: the strings holding one
    // are where the bad bytes were (or a real U+FFFD sits beside them, which is named too).
    const paths = pathsWhere(value, (text) => text.includes('\ufffd'));
    return { ok: false, reason: 'utf8_invalid', errors: (paths.length > 0 ? paths : ['']).map(utf8Error) };
  }
  if (MAY_HOLD_FORBIDDEN_KEY.test(text)) {
    const errors = forbiddenKeys(value, []);
    if (errors.length > 0) return { ok: false, reason: 'key_forbidden', errors };
  }
  return { ok: true, value };
}

function utf8Error(path: string): ProblemFieldError {
  return { path, message: 'is not valid UTF-8', code: 'invalid_utf8' };
}

/** JSON pointers of the strings (values or keys) for which `test` holds. */
function pathsWhere(value: unknown, test: (text: string) => boolean, at: PropertyKey[] = []): string[] {
  if (typeof value === 'string') return test(value) ? [toJsonPointer(at)] : [];
  if (value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const path = [...at, Array.isArray(value) ? Number(key) : key];
    if (!Array.isArray(value) && test(key)) found.push(toJsonPointer(path));
    found.push(...pathsWhere(item, test, path));
  }
  return found;
}

function forbiddenKeys(value: unknown, at: PropertyKey[]): ProblemFieldError[] {
  if (value === null || typeof value !== 'object') return [];
  const errors: ProblemFieldError[] = [];
  for (const [key, item] of Object.entries(value)) {
    const path = [...at, Array.isArray(value) ? Number(key) : key];
    const forbidden =
      key === '__proto__' ||
      (key === 'constructor' &&
        item !== null &&
        typeof item === 'object' &&
        Object.hasOwn(item, 'prototype'));
    if (!Array.isArray(value) && forbidden) {
      errors.push({
        path: toJsonPointer(path),
        message: `"${key}" is not accepted as a field name`,
        code: 'forbidden_key',
      });
    }
    errors.push(...forbiddenKeys(item, path));
  }
  return errors;
}
