/**
 * Light, lossless normalisation applied by ingest services between a validated request body and
 * the event. Kept out of the schemas (no zod transforms) so JSON Schema and OpenAPI describe
 * exactly what clients send. Anything lossy (case folding, phone parsing) belongs to `matching`.
 */

// Printable ASCII without surrounding spaces is already trimmed and NFC: the common case, skipped
// cheaply (ingest runs this on every field of every record).
const plainAscii = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** Trimmed, Unicode NFC (so "é" typed two ways compares equal). */
export function normaliseText(value: string): string {
  return plainAscii.test(value) ? value : value.trim().normalize('NFC');
}

/**
 * Every string in a JSON-like value through `normaliseText`; the structure is untouched. Copy on
 * write: an array or object none of whose strings change is returned as it is (ingest runs this on
 * every record, and most are already normal), so never mutate the result in place.
 */
export function normaliseStrings<T>(value: T): T {
  if (typeof value === 'string') return normaliseText(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const original: unknown = value[i];
      const item = normaliseStrings(original);
      if (out === undefined) {
        if (item === original) continue;
        out = value.slice(0, i);
      }
      out.push(item);
    }
    return (out ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const keys = Object.keys(source);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const original = source[key];
      const item = normaliseStrings(original);
      if (out === undefined) {
        if (item === original) continue;
        out = {};
        for (let j = 0; j < i; j++) setOwn(out, keys[j]!, source[keys[j]!]);
      }
      setOwn(out, key, item);
    }
    return (out ?? value) as T;
  }
  return value;
}

function setOwn(out: Record<string, unknown>, key: string, item: unknown): void {
  // An own "__proto__" key (JSON.parse makes one) stays a plain property, as Object.fromEntries keeps it.
  if (key === '__proto__')
    Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  else out[key] = item;
}

const isoParts = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A validated ISO 8601 date-time rewritten in UTC (`...Z`), keeping every fractional digit: the
 * same instant, one spelling, so timestamps sort and compare as strings.
 */
export function normaliseTimestamp(value: string): string {
  if (isCanonicalUtc(value)) return value;
  const parts = isoParts.exec(value.trim());
  if (!parts) throw new TypeError('normaliseTimestamp expects a validated ISO 8601 date-time');
  const [, base = '', fraction = '', offset = 'Z'] = parts;
  const offsetWithColon = /^[+-]\d{4}$/.test(offset)
    ? `${offset.slice(0, 3)}:${offset.slice(3)}`
    : offset.toUpperCase();
  const instant = new Date(`${base}${offsetWithColon}`);
  return `${instant.toISOString().slice(0, 19)}${fraction}Z`;
}

/** A handle without its leading `@`, trimmed and NFC. Case is kept: keys lowercase it themselves. */
export function normaliseHandle(value: string): string {
  return normaliseText(value).replace(/^@/, '');
}

// Already UTC with seconds (`2025-03-14T09:26:53Z`, any fraction): the slow path would give it back
// unchanged when it is a real instant, so only the calendar is checked here. Anything else (offsets,
// no seconds, lowercase, hour 24, 30 February) takes the slow path and gets exactly its answer.
const canonicalUtc =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?Z$/;
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCanonicalUtc(value: string): boolean {
  const parts = canonicalUtc.exec(value);
  if (!parts) return false;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (day <= 28) return true;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : monthDays[month - 1]!);
}
