// The CDNOW data set of Fader, Hardie and Lee (see /work/shared/data/cdnow/README.md), read for tests.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** CDNOW_DIR, else shared/ beside the checkout, else the workplace's shared folder. Missing data fails loudly. */
export function cdnowDir(): string {
  const candidates = [
    process.env['CDNOW_DIR'],
    join(repoRoot, '../shared/data/cdnow'),
    '/work/shared/data/cdnow',
  ].filter((d): d is string => d !== undefined);
  const found = candidates.find((d) => existsSync(join(d, 'cdnow_customers_summary.csv')));
  if (found === undefined)
    throw new Error(`CDNOW data not found (looked in ${candidates.join(', ')}); set CDNOW_DIR`);
  return found;
}

function csvRows(file: string): number[][] {
  const [, ...lines] = readFileSync(join(cdnowDir(), file), 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => line.split(',').map(Number));
}

/** The papers' 1/10 sample, 2,357 customers in weeks: frequency, recency, T. */
export function cdnowSummary(): { id: number; x: number; tx: number; T: number }[] {
  return csvRows('cdnow_customers_summary.csv').map(([id, x, tx, T]) => ({ id: id!, x: x!, tx: tx!, T: T! }));
}

/** The same customers with zbar, the mean value of their repeat purchases in dollars. */
export function cdnowSpend(): { id: number; x: number; tx: number; T: number; zbar: number }[] {
  return csvRows('cdnow_customers_summary_with_transactions.csv').map(([id, x, tx, T, zbar]) => ({
    id: id!,
    x: x!,
    tx: tx!,
    T: T!,
    zbar: zbar!,
  }));
}

/** Every purchase of all 23,570 customers: id, epoch ms of the day (UTC), dollar value. */
export function cdnowMaster(): { id: string; at: number; dollars: number }[] {
  const out: { id: string; at: number; dollars: number }[] = [];
  for (const line of readFileSync(join(cdnowDir(), 'CDNOW_master.txt'), 'utf8').split(/\r?\n/)) {
    const [id, date, , dollars] = line.trim().split(/\s+/);
    if (id === undefined || date === undefined || dollars === undefined || !/^\d{8}$/.test(date)) continue;
    out.push({
      id,
      at: Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)),
      dollars: +dollars,
    });
  }
  return out;
}
