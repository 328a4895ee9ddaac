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
