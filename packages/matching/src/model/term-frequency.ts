import type { ComparisonDef } from '../compare/levels.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { TermFrequencies } from './model.ts';

/**
 * Value counts for a term-frequency comparison. Only values seen at least twice are kept (and at most
 * `maxValues` of them, most frequent first) so a model trained on millions of records stays small.
 */
export function countTerms(
  prepared: readonly PreparedRecord[],
  def: ComparisonDef,
  maxValues: number,
): TermFrequencies | undefined {
  const valueOf = def.tfValue;
  if (valueOf === undefined) return undefined;
  const counts = new Map<string, number>();
  let total = 0;
  for (const p of prepared) {
    const v = valueOf(p);
    if (v === '') continue;
    total++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (total === 0) return undefined;
  const kept = [...counts]
    .filter(([, c]) => c >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxValues);
  // Sorted keys: equal training data serialises to byte-identical JSON.
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { total, counts: Object.fromEntries(kept) };
}
