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

/**
 * Deterministic "random" numbers in [0, 1): fractional parts of multiples of irrationals (Weyl sequences),
 * well spread without a generator or a seed.
 */
const spread = (i: number, irrational: number) => (i * irrational) % 1;

/**
 * 1,000 customers who buy as the BG/NBD story goes: each joins within the last two years, buys at their
 * own rate (heterogeneous: from yearly to weekly) and after each purchase may drop out for good.
 */
export function population(): PurchaseDays[] {
  return Array.from({ length: 1000 }, (_, i) => {
    const perDay = (1 / 365) * Math.exp(3 * spread(i, Math.SQRT2));
    const dropout = 0.02 + 0.3 * spread(i, Math.sqrt(3));
    const spend = 1500 + Math.floor(40_000 * spread(i, Math.sqrt(5)) * spread(i, Math.sqrt(7)));
    let at = AS_OF - Math.floor(730 * spread(i, Math.PI)) * MS_PER_DAY;
    let h = NO_PURCHASES;
    for (let k = 1; at <= AS_OF; k++) {
      h = addPurchase(h, {
        at,
        amountMinor: spend + Math.floor(2000 * spread(i + k, Math.E)),
        kind: 'purchase',
      });
      if (spread(i * 97 + k, Math.sqrt(11)) < dropout) break;
      at += Math.ceil(-Math.log(1 - spread(i * 89 + k, Math.sqrt(13))) / perDay) * MS_PER_DAY;
    }
    return h;
  });
}

export const SNAPSHOT: ValueSnapshot = fitValueSnapshot(population(), {
  asOf: AS_OF,
  config: DEFAULT_CONFIG,
  version: 'test-population',
});
