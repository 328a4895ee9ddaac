import type { z } from 'zod';
import { RfmSegment } from '@rapport/contracts';

/** The segment names, as the contracts publish them in every explanation. */
export const RfmSegmentName = RfmSegment;
export type RfmSegmentName = z.output<typeof RfmSegmentName>;

/**
 * The recency × frequency grid of RFM practice: rows are the recency score 1..5, columns the frequency
 * score 1..5. It is the widely used ten-segment R/F map (Champions R5 F4-5, Loyal Customers R3-4 F4-5,
 * Potential Loyalists R4-5 F2-3, New Customers R5 F1, Promising R4 F1, Need Attention R3 F3, About to Sleep
 * R3 F1-2, At Risk R1-2 F3-4, Can't Lose Them R1-2 F5, Hibernating R1-2 F1-2), with its lowest cell (R1 F1)
 * named Lost as in the segment table of the CRAN `rfm` package ("lowest recency, frequency and monetary
 * scores"). Every one of the 25 cells has exactly one segment, so no customer falls between rules.
 */
export const RF_SEGMENT_GRID: readonly (readonly RfmSegmentName[])[] = [
  ['Lost', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
  ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
  ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal Customers', 'Loyal Customers'],
  ['Promising', 'Potential Loyalists', 'Potential Loyalists', 'Loyal Customers', 'Loyal Customers'],
  ['New Customers', 'Potential Loyalists', 'Potential Loyalists', 'Champions', 'Champions'],
];

/** The segment of a recency score and a frequency score (each 1..5). */
export function rfmSegment(
  r: number,
  f: number,
  grid: readonly (readonly RfmSegmentName[])[] = RF_SEGMENT_GRID,
): RfmSegmentName {
  const segment = grid[r - 1]?.[f - 1];
  if (segment === undefined) throw new RangeError(`RFM scores must be 1..5, got r=${r} f=${f}`);
  return segment;
}
