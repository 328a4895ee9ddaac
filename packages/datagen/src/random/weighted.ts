import type { Random } from './random.ts';

/** Draws items with fixed relative weights in O(log n), by binary search over the cumulative weights. */
export interface WeightedPicker<T> {
  pick(random: Random): T;
  readonly items: readonly T[];
}

export function weightedPicker<T>(items: readonly T[], weights: readonly number[]): WeightedPicker<T> {
  if (items.length === 0 || items.length !== weights.length) {
    throw new Error(
      `weightedPicker needs as many weights as items (${items.length} items, ${weights.length} weights)`,
    );
  }
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    if (!(w >= 0)) throw new Error(`weight ${i} is not a non-negative number`);
    total += w;
    cumulative[i] = total;
  });
  if (total <= 0) throw new Error('weights sum to zero');
  return {
    items,
    pick(random) {
      const target = random.next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] as number) > target) hi = mid;
        else lo = mid + 1;
      }
      return items[lo] as T;
    },
  };
}

/**
 * Zipf-like weights (rank^-exponent): a few very common values and a long tail of rare ones, as surnames and
 * given names are distributed in real populations (exponent near 1).
 */
export function zipfPicker<T>(itemsByRank: readonly T[], exponent = 1): WeightedPicker<T> {
  return weightedPicker(
    itemsByRank,
    itemsByRank.map((_, rank) => 1 / Math.pow(rank + 1, exponent)),
  );
}
