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
    const next = mStartFromMass(mass, m, fixed);
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

/** m from expected match counts, smoothed by half a pair per level so no level gets m = 0. */
export function mStartFromMass(
  mass: readonly (readonly number[])[],
  previous: readonly (readonly number[])[],
  fixed: readonly boolean[],
): number[][] {
  return mass.map((row, k) => {
    if (fixed[k]) return [...previous[k]!];
    let total = 0;
    for (let l = 1; l < row.length; l++) total += row[l]!;
    if (total <= 0) return [...previous[k]!];
    const levels = row.length - 1;
    return row.map((x, l) => (l === 0 ? 0 : (x + 0.5) / (total + 0.5 * levels)));
  });
}
