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

const notJson = [{ path: '', message: 'is not valid JSON', code: 'invalid_json' }];

/**
 * Splits on `\n` (tolerating `\r\n`); blank lines are skipped, so `index` in the answer is the
 * position among non-blank lines. Stops parsing past `maxItems`: the caller answers 413 and the
 * count only needs to show the limit was exceeded.
 */
export function parseNdjson(raw: Buffer, maxItems: number): NdjsonBody {
  const items: BatchItem[] = [];
  for (const line of raw.toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    if (items.length > maxItems) break;
    try {
      items.push({ ok: true, value: JSON.parse(line) as unknown });
    } catch {
      // The parser's message quotes the line, which may hold personal data: a fixed text instead.
      items.push({ ok: false, errors: notJson });
    }
  }
  return new NdjsonBody(raw, items);
}
