import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** Quotes a CSV value only when it needs it (delimiter, quote or line break inside). */
export function csvValue(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Writes rows to a file in batches, honouring backpressure: a million-row output neither buffers whole in memory
 * nor pays one write call per row.
 */
export async function writeCsv(
  path: string,
  header: string[],
  rows: Iterable<(string | number)[]>,
): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let count = 0;
  let batch = header.map(csvValue).join(',') + '\n';
  for (const row of rows) {
    batch += row.map(csvValue).join(',') + '\n';
    count += 1;
    if (batch.length > 1 << 16) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await finished(out);
  return count;
}
