// A deterministic synthetic loyalty population for tests that need a fitted value snapshot.
import {
  addPurchase,
  DEFAULT_CONFIG,
  fitValueSnapshot,
  MS_PER_DAY,
  NO_PURCHASES,
  type PurchaseDays,
  type ValueSnapshot,
} from '../src/index.ts';

export const AS_OF = Date.UTC(2026, 2, 1, 12);

/** `count` purchases of `amountMinor`, every `everyDays` days, the last `lastDaysAgo` days before AS_OF. */
export function purchases(
  count: number,
  everyDays: number,
  amountMinor: number,
  lastDaysAgo = 3,
): PurchaseDays {
  let h = NO_PURCHASES;
  for (let k = 0; k < count; k++)
    h = addPurchase(h, {
      at: AS_OF - (lastDaysAgo + k * everyDays) * MS_PER_DAY,
      amountMinor,
      kind: 'purchase',
    });
  return h;
}

/** mulberry32: a small seeded generator, so the population is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 1,000 customers who buy as the BG/NBD story goes: each joins within the last two years, buys at their
 * own rate (heterogeneous: from yearly to weekly) and after each purchase may drop out for good.
 */
export function population(): PurchaseDays[] {
  const random = seeded(12);
  return Array.from({ length: 1000 }, () => {
    const perDay = (1 / 365) * Math.exp(3 * random());
    const dropout = 0.02 + 0.3 * random();
    const spend = 1500 + Math.floor(40_000 * random() * random());
    let at = AS_OF - Math.floor(730 * random()) * MS_PER_DAY;
    let h = NO_PURCHASES;
    while (at <= AS_OF) {
      h = addPurchase(h, { at, amountMinor: spend + Math.floor(2000 * random()), kind: 'purchase' });
      if (random() < dropout) break;
      at += Math.ceil(-Math.log(1 - random()) / perDay) * MS_PER_DAY;
    }
    return h;
  });
}

export const SNAPSHOT: ValueSnapshot = fitValueSnapshot(population(), {
  asOf: AS_OF,
  config: DEFAULT_CONFIG,
  version: 'test-population',
});
