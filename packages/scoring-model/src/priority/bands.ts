export const BANDS = ['P0', 'P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type Band = (typeof BANDS)[number];

/** The band of a score: P0 at or above thresholds[0], ..., P5 below the last threshold. */
export function bandFor(score: number, thresholds: readonly number[]): Band {
  const index = thresholds.findIndex((t) => score >= t);
  return BANDS[index === -1 ? thresholds.length : index]!;
}

/** Lower index is more urgent. */
export function bandIndex(band: Band): number {
  return BANDS.indexOf(band);
}

/** Queue position 1..100 for consumers: 1 is the most urgent; a higher score never ranks later. */
export function rankFor(score: number): number {
  return Math.min(100, Math.max(1, 100 - Math.floor(score)));
}

/**
 * The band with hysteresis (a Schmitt trigger): from `previous`, move up only to the band the score
 * reaches with `margin` to spare (bandFor(score − margin)), and down only to the band it falls to with
 * `margin` to spare (bandFor(score + margin)); otherwise stay. A score hovering within ±margin of a
 * threshold therefore keeps its band, and scores confined to any interval of width 2·margin never move
 * the band both ways. Without a previous band, the plain band.
 */
export function bandWithHysteresis(
  previous: Band | undefined,
  score: number,
  thresholds: readonly number[],
  margin: number,
): Band {
  if (previous === undefined) return bandFor(score, thresholds);
  const up = bandFor(score - margin, thresholds);
  if (bandIndex(up) < bandIndex(previous)) return up;
  const down = bandFor(score + margin, thresholds);
  if (bandIndex(down) > bandIndex(previous)) return down;
  return previous;
}
