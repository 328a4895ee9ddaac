/**
 * Pair completeness: the share of true matching pairs (records with the same label) that blocking
 * put up for comparison. A pair blocking misses can never be linked, so this caps recall.
 */
export function pairCompleteness(
  truePairsFound: number,
  labels: ReadonlyMap<string, string>,
  records: readonly { id: string }[],
): number {
  const sizes = new Map<string, number>();
  for (const r of records) {
    const l = labels.get(r.id);
    if (l !== undefined) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  }
  let truePairs = 0;
  for (const s of sizes.values()) truePairs += (s * (s - 1)) / 2;
  return truePairs === 0 ? 1 : truePairsFound / truePairs;
}
