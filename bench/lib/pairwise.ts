/**
 * Pairwise precision, recall and F1 of a clustering against the truth, counted without listing pairs:
 * every (predicted cluster, true person) cell of n records holds n(n-1)/2 correct pairs. Linear in the records,
 * so it works at a million.
 */
export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  true_pairs: number;
  predicted_pairs: number;
  correct_pairs: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

export function pairwiseScores(
  predicted: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
): PairwiseScores {
  const clusterSizes = new Map<string, number>();
  const personSizes = new Map<string, number>();
  const cellSizes = new Map<string, number>();
  for (const [recordId, person] of truth) {
    const cluster = predicted.get(recordId) ?? `unassigned:${recordId}`;
    clusterSizes.set(cluster, (clusterSizes.get(cluster) ?? 0) + 1);
    personSizes.set(person, (personSizes.get(person) ?? 0) + 1);
    const cell = `${cluster}\u0000${person}`;
    cellSizes.set(cell, (cellSizes.get(cell) ?? 0) + 1);
  }
  let predictedPairs = 0;
  let truePairs = 0;
  let correct = 0;
  for (const n of clusterSizes.values()) predictedPairs += pairs(n);
  for (const n of personSizes.values()) truePairs += pairs(n);
  for (const n of cellSizes.values()) correct += pairs(n);
  const precision = predictedPairs === 0 ? 1 : correct / predictedPairs;
  const recall = truePairs === 0 ? 1 : correct / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    f1,
    true_pairs: truePairs,
    predicted_pairs: predictedPairs,
    correct_pairs: correct,
  };
}

/**
 * Recall split by the sources of the two records of each true pair ("crm–loyalty", "same-source", ...):
 * true pairs and found pairs per source pair, counted from (person, cluster, source) cells, linear in the records.
 */
export function recallBySourcePair(
  predicted: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
  sourceOf: (recordId: string) => string,
): Record<string, { true_pairs: number; found_pairs: number; recall: number }> {
  // person -> source -> count, and (person, cluster) -> source -> count
  const bySource = new Map<string, Map<string, number>>();
  const byCell = new Map<string, Map<string, number>>();
  const bump = (m: Map<string, Map<string, number>>, k: string, s: string): void => {
    let inner = m.get(k);
    if (inner === undefined) m.set(k, (inner = new Map()));
    inner.set(s, (inner.get(s) ?? 0) + 1);
  };
  for (const [recordId, person] of truth) {
    const source = sourceOf(recordId);
    const cluster = predicted.get(recordId) ?? `unassigned:${recordId}`;
    bump(bySource, person, source);
    bump(byCell, `${cluster}\u0000${person}`, source);
  }
  const count = (m: Map<string, Map<string, number>>): Map<string, number> => {
    const out = new Map<string, number>();
    const add = (k: string, v: number): void => {
      if (v > 0) out.set(k, (out.get(k) ?? 0) + v);
    };
    for (const inner of m.values()) {
      const entries = [...inner].sort((x, y) => (x[0] < y[0] ? -1 : 1));
      let same = 0;
      for (let i = 0; i < entries.length; i++) {
        const [s, n] = entries[i]!;
        same += pairs(n);
        for (let j = i + 1; j < entries.length; j++) add(`${s}–${entries[j]![0]}`, n * entries[j]![1]);
      }
      add('same-source', same);
    }
    return out;
  };
  const all = count(bySource);
  const found = count(byCell);
  const out: Record<string, { true_pairs: number; found_pairs: number; recall: number }> = {};
  for (const [k, t] of [...all].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const f = found.get(k) ?? 0;
    out[k] = { true_pairs: t, found_pairs: f, recall: Math.round((f / t) * 10_000) / 10_000 };
  }
  return out;
}

/**
 * B-cubed F1 (Bagga and Baldwin 1998): per record, the share of its predicted cluster that is its person
 * (precision) and the share of its person found in its cluster (recall), averaged over records. Unlike pairwise
 * scores it does not let the largest clusters dominate.
 */
export function bcubedF1(
  predicted: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
): { precision: number; recall: number; f1: number } {
  const clusterSizes = new Map<string, number>();
  const personSizes = new Map<string, number>();
  const cellSizes = new Map<string, number>();
  const cellOf = (recordId: string, person: string): string =>
    `${predicted.get(recordId) ?? `unassigned:${recordId}`}\u0000${person}`;
  for (const [recordId, person] of truth) {
    const cluster = predicted.get(recordId) ?? `unassigned:${recordId}`;
    clusterSizes.set(cluster, (clusterSizes.get(cluster) ?? 0) + 1);
    personSizes.set(person, (personSizes.get(person) ?? 0) + 1);
    const cell = cellOf(recordId, person);
    cellSizes.set(cell, (cellSizes.get(cell) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const [recordId, person] of truth) {
    const cell = cellSizes.get(cellOf(recordId, person))!;
    precision += cell / clusterSizes.get(predicted.get(recordId) ?? `unassigned:${recordId}`)!;
    recall += cell / personSizes.get(person)!;
  }
  const n = Math.max(1, truth.size);
  precision /= n;
  recall /= n;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
