/** Pairwise precision and recall of a clustering against true entities. */
export type PairwiseScores = {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
};

export function pairwiseScores(
  assignments: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
): PairwiseScores {
  const pairsIn = (groups: Map<string, number>): number => {
    let n = 0;
    for (const s of groups.values()) n += (s * (s - 1)) / 2;
    return n;
  };
  const predicted = new Map<string, number>();
  const actual = new Map<string, number>();
  const both = new Map<string, number>();
  for (const [id, cluster] of assignments) {
    const entity = truth.get(id)!;
    predicted.set(cluster, (predicted.get(cluster) ?? 0) + 1);
    actual.set(entity, (actual.get(entity) ?? 0) + 1);
    const key = `${cluster}\u001f${entity}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  const predictedPairs = pairsIn(predicted);
  const truePairs = pairsIn(actual);
  const truePositives = pairsIn(both);
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, truePositives, precision, recall, f1 };
}
