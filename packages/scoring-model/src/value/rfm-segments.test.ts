import { describe, expect, it } from 'vitest';
import { RF_SEGMENT_GRID, RfmSegmentName, rfmSegment } from './rfm-segments.ts';

describe('R/F segment grid', () => {
  it('gives every one of the 25 cells a segment and uses every segment name', () => {
    const used = new Set(RF_SEGMENT_GRID.flat());
    expect(RF_SEGMENT_GRID.flat()).toHaveLength(25);
    expect([...used].sort()).toEqual([...RfmSegmentName.options].sort());
  });

  it.each([
    [5, 5, 'Champions'],
    [5, 4, 'Champions'],
    [4, 5, 'Loyal Customers'],
    [3, 4, 'Loyal Customers'],
    [5, 2, 'Potential Loyalists'],
    [5, 1, 'New Customers'],
    [4, 1, 'Promising'],
    [3, 3, 'Need Attention'],
    [3, 1, 'About to Sleep'],
    [2, 3, 'At Risk'],
    [1, 5, "Can't Lose Them"],
    [2, 2, 'Hibernating'],
    [1, 1, 'Lost'],
  ] as const)('R%i F%i is %s', (r, f, segment) => expect(rfmSegment(r, f)).toBe(segment));

  it('refuses scores outside 1..5', () => {
    expect(() => rfmSegment(0, 3)).toThrow(RangeError);
    expect(() => rfmSegment(3, 6)).toThrow(RangeError);
  });
});
