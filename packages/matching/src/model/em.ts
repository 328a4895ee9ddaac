/**
 * Expectation-maximisation of m and the match share lambda for one set of blocked pairs, with u held
 * fixed (it comes from random pairs). Pairs are collapsed to distinct comparison vectors first, so an
 * iteration costs the number of distinct patterns, not the number of pairs.
 */
export type PatternTable = {
  comparisons: number;
  /** Row-major levels, `comparisons` per pattern. */
  levels: Uint8Array;
  counts: Float64Array;
  size: number;
};

export function buildPatternTable(comparisons: number, vectors: Map<number, number>): PatternTable {
  const size = vectors.size;
  const levels = new Uint8Array(size * comparisons);
  const counts = new Float64Array(size);
  let p = 0;
  // Sorted so that floating-point sums run in the same order whatever order the pairs came in.
  for (const key of [...vectors.keys()].sort((a, b) => a - b)) {
    let rest = key;
    for (let k = 0; k < comparisons; k++) {
      levels[p * comparisons + k] = rest % 8;
      rest = Math.floor(rest / 8);
    }
    counts[p] = vectors.get(key)!;
    p++;
  }
  return { comparisons, levels, counts, size };
}

/** Pattern key: level of comparison k in base-8 digit k (levels never exceed 7). */
export function patternKey(levels: Uint8Array, comparisons: number): number {
  let key = 0;
  let scale = 1;
  for (let k = 0; k < comparisons; k++) {
    key += levels[k]! * scale;
    scale *= 8;
  }
  return key;
}

export type EmResult = {
  m: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
  /** matchMass[k][level]: expected number of matching pairs at each level (for pooling sessions). */
  matchMass: number[][];
  expectedMatches: number;
};

export function runEm(
  table: PatternTable,
  u: readonly (readonly number[])[],
  mStart: readonly (readonly number[])[],
  fixed: readonly boolean[],
  opts: { maxIterations: number; tolerance: number; lambdaStart: number },
): EmResult {
  const K = table.comparisons;
  let m = mStart.map((row) => [...row]);
  let lambda = opts.lambdaStart;
  let iterations = 0;
  let converged = false;
  let mass: number[][] = m.map((row) => row.map(() => 0));
  let expected = 0;
  const logU = u.map((row) => row.map((x) => Math.log(x)));
  while (iterations < opts.maxIterations) {
    iterations++;
    const logM = m.map((row) => row.map((x) => Math.log(x)));
    mass = m.map((row) => row.map(() => 0));
    expected = 0;
    let total = 0;
    for (let p = 0; p < table.size; p++) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      const base = p * K;
      for (let k = 0; k < K; k++) {
        const l = table.levels[base + k]!;
        if (l === 0 || fixed[k]) continue;
        lm += logM[k]![l]!;
        lu += logU[k]![l]!;
      }
      const posterior = 1 / (1 + Math.exp(lu - lm));
      const c = table.counts[p]!;
      const w = posterior * c;
      expected += w;
      total += c;
      for (let k = 0; k < K; k++) {
        const l = table.levels[base + k]!;
        if (l !== 0) mass[k]![l]! += w;
      }
    }
    const next = mStep(mass, m, fixed, u);
    let delta = 0;
    for (let k = 0; k < K; k++)
      for (let l = 1; l < next[k]!.length; l++) delta = Math.max(delta, Math.abs(next[k]![l]! - m[k]![l]!));
    m = next;
    const nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, total === 0 ? lambda : expected / total));
    delta = Math.max(delta, Math.abs(nextLambda - lambda));
    lambda = nextLambda;
    if (delta < opts.tolerance) {
      converged = true;
      break;
    }
  }
  return { m, lambda, iterations, converged, matchMass: mass, expectedMatches: expected };
}

/**
 * The M-step: m from expected match counts, smoothed by half a pair per level so no level gets m = 0, and
 * kept ordered. A comparison's levels run from most to least similar, so their match weights log2(m / u)
 * must not rise along them (exact >= close >= far >= different): where the counts say otherwise (a level
 * few matches fall in, as a one-typo surname among pairs blocked on that surname's sound), adjacent levels
 * are pooled until they are ordered. Pooled levels share one weight, the pooled m over the pooled u, and
 * each keeps m in proportion to its u (the maximum-likelihood estimate under that order: pool adjacent
 * violators, weighted by u).
 */
export function mStep(
  mass: readonly (readonly number[])[],
  previous: readonly (readonly number[])[],
  fixed: readonly boolean[],
  u: readonly (readonly number[])[],
): number[][] {
  return mass.map((row, k) => {
    if (fixed[k]) return [...previous[k]!];
    let total = 0;
    for (let l = 1; l < row.length; l++) total += row[l]!;
    if (total <= 0) return [...previous[k]!];
    const levels = row.length - 1;
    const m = row.map((x, l) => (l === 0 ? 0 : (x + 0.5) / (total + 0.5 * levels)));
    return ordered(m, u[k]!);
  });
}

/** m with levels 1.. pooled where m / u rises (pool adjacent violators on the ratio, weighted by u). */
export function ordered(m: readonly number[], u: readonly number[]): number[] {
  // Blocks of adjacent levels: first level, last level, pooled m, pooled u.
  const blocks: { from: number; to: number; m: number; u: number }[] = [];
  for (let l = 1; l < m.length; l++) {
    blocks.push({ from: l, to: l, m: m[l]!, u: u[l]! });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const before = blocks[blocks.length - 2]!;
      if (before.m / before.u >= last.m / last.u) break;
      blocks.pop();
      before.to = last.to;
      before.m += last.m;
      before.u += last.u;
    }
  }
  const out = [...m];
  for (const b of blocks) for (let l = b.from; l <= b.to; l++) out[l] = (u[l]! * b.m) / b.u;
  return out;
}
