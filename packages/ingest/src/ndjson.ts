import { parseJsonBytes } from '@rapport/contracts';
import type { BatchItem } from './intake.ts';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/**
 * A parsed `application/x-ndjson` body: one item per non-blank line, a line that is not JSON kept
 * as a rejected item (so it is answered at its index like any invalid record). `raw` is kept for the
 * idempotency fingerprint.
 */
export class NdjsonBody {
  readonly raw: Buffer;
  readonly items: BatchItem[];

  constructor(raw: Buffer, items: BatchItem[]) {
    this.raw = raw;
    this.items = items;
  }
}

/**
 * Splits on `\n` (tolerating `\r\n`); blank lines are skipped, so `index` in the answer is the
 * position among non-blank lines. Each line is read as the contracts read any JSON body (UTF-8,
 * valid JSON, no `__proto__`): a line that is not is a rejected item with the reason, its paths
 * relative to the record. Stops parsing past `maxItems`: the caller answers 413 and the count only
 * needs to show the limit was exceeded.
 */
export function parseNdjson(raw: Buffer, maxItems: number): NdjsonBody {
  const items: BatchItem[] = [];
  let start = 0;
  while (start < raw.length && items.length <= maxItems) {
    const newline = raw.indexOf(0x0a, start);
    const end = newline < 0 ? raw.length : newline;
    const line = raw.subarray(start, end > start && raw[end - 1] === 0x0d ? end - 1 : end);
    start = end + 1;
    if (isBlank(line)) continue;
    const parsed = parseJsonBytes(line);
    items.push(parsed.ok ? { ok: true, value: parsed.value } : { ok: false, errors: parsed.errors });
  }
  return new NdjsonBody(raw, items);
}

/** Only spaces, tabs and carriage returns (what `String.prototype.trim` would leave empty in practice). */
function isBlank(line: Buffer): boolean {
  for (const byte of line) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}
