/**
 * Sample quantile of sorted values by linear interpolation between order statistics: Hyndman & Fan's
 * type 7 (Statistical Computing, 1996), the default of R's `quantile` and NumPy's `percentile`.
 * h = (n − 1)·p; Q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo]!;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return below + (h - lo) * (above - below);
}

function sortedCopy(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The k − 1 cut points that split the values into k groups of equal size (quintiles for k = 5). */
export function quantileBreakpoints(values: Iterable<number>, k: number): number[] {
  const sorted = sortedCopy(values);
  if (sorted.length === 0) return [];
  return Array.from({ length: k - 1 }, (_, i) => quantileOfSorted(sorted, (i + 1) / k));
}

/** Quantiles at p = 0, 1/n, ..., 1 (n + 1 values): the population's distribution in n steps. */
export function quantileGrid(values: Iterable<number>, n: number): number[] {
  const sorted = sortedCopy(values);
  if (sorted.length === 0) return [];
  return Array.from({ length: n + 1 }, (_, i) => quantileOfSorted(sorted, i / n));
}

/**
 * The score 1..k of a value against k − 1 breakpoints: 1 + the number of breakpoints it beats.
 * `higherIsBetter: false` (recency in days) beats a breakpoint by being below it. A value equal to a
 * breakpoint does not beat it, so ties round down alike in both directions. No breakpoints: score 1.
 */
export function quantileScore(value: number, breakpoints: readonly number[], higherIsBetter = true): number {
  let beaten = 0;
  for (const b of breakpoints) if (higherIsBetter ? value > b : value < b) beaten++;
  return 1 + beaten;
}

/**
 * The share of the population below `value` (0..1), read from a quantile grid by linear
 * interpolation. Inside a run of equal quantiles (many customers with the same value) the lower end is
 * taken: the share strictly below.
 */
export function gridRank(value: number, grid: readonly number[]): number {
  const n = grid.length - 1;
  if (n < 1) return 0;
  if (value <= grid[0]!) return 0;
  if (value > grid[n]!) return 1;
  let j = 1;
  while (grid[j]! < value) j++;
  if (grid[j] === value) {
    let first = j;
    while (first > 0 && grid[first - 1] === value) first--;
    return first / n;
  }
  const lo = grid[j - 1]!;
  return (j - 1 + (value - lo) / (grid[j]! - lo)) / n;
}
