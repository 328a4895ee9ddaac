import type { ComparisonDef } from '../compare/levels.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import { randomInt, type Prng } from './prng.ts';

export type UEstimate = {
  /** u[k][level]: share of non-matching pairs at each level (index 0 unused). */
  u: number[][];
  /** Share of pairs where both records have a value for comparison k. */
  presence: number[];
  pairs: number;
};

/**
 * u from random pairs: nearly every random pair is two different people, so level frequencies among
 * random pairs estimate what non-matches look like. Laplace smoothing keeps an unseen level finite.
 */
export function estimateU(
  prepared: readonly PreparedRecord[],
  defs: readonly ComparisonDef[],
  prng: Prng,
  samplePairs: number,
): UEstimate {
  const n = prepared.length;
  const counts = defs.map((d) => new Float64Array(d.levels.length));
  let pairs = 0;
  const visit = (a: PreparedRecord, b: PreparedRecord): void => {
    const [x, y] = a.id < b.id ? [a, b] : [b, a];
    for (let k = 0; k < defs.length; k++) counts[k]![defs[k]!.compare(x, y)]!++;
    pairs++;
  };
  const allPairs = (n * (n - 1)) / 2;
  if (allPairs <= samplePairs) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) visit(prepared[i]!, prepared[j]!);
  } else {
    for (let s = 0; s < samplePairs; s++) {
      const i = randomInt(prng, n);
      let j = randomInt(prng, n - 1);
      if (j >= i) j++;
      visit(prepared[i]!, prepared[j]!);
    }
  }
  const u: number[][] = [];
  const presence: number[] = [];
  for (let k = 0; k < defs.length; k++) {
    const c = counts[k]!;
    const levels = c.length - 1;
    let present = 0;
    for (let l = 1; l < c.length; l++) present += c[l]!;
    presence.push(pairs === 0 ? 0 : present / pairs);
    const row = [0];
    for (let l = 1; l < c.length; l++)
      row.push(present === 0 ? 1 / levels : (c[l]! + 0.5) / (present + 0.5 * levels));
    u.push(row);
  }
  return { u, presence, pairs };
}
