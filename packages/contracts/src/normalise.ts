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

/** Every string in a JSON-like value through `normaliseText`; the structure is untouched. */
export function normaliseStrings<T>(value: T): T {
  if (typeof value === 'string') return normaliseText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => normaliseStrings(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = normaliseStrings((value as Record<string, unknown>)[key]);
      // An own "__proto__" key (JSON.parse makes one) stays a plain property, as Object.fromEntries keeps it.
      if (key === '__proto__')
        Object.defineProperty(out, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[key] = item;
    }
    return out as T;
  }
  return value;
}

const isoParts = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A validated ISO 8601 date-time rewritten in UTC (`...Z`), keeping every fractional digit: the
 * same instant, one spelling, so timestamps sort and compare as strings.
 */
export function normaliseTimestamp(value: string): string {
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
