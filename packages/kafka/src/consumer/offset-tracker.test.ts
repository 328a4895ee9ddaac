import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OffsetTracker } from './offset-tracker.ts';

/** Increasing offsets with gaps (compaction, transaction markers), and an order to finish them in. */
const deliveriesAndOrder = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 60 })
  .chain((gaps) => {
    let offset = 2n ** 53n - 10n; // past Number's exact range: offsets are int64
    const offsets = gaps.map((gap) => (offset += BigInt(gap)));
    return fc.tuple(fc.constant(offsets), fc.shuffledSubarray(offsets, { minLength: offsets.length }));
  });

describe('OffsetTracker', () => {
  it('never lets a commit pass an unfinished offset, whatever the completion order', () => {
    fc.assert(
      fc.property(deliveriesAndOrder, ([delivered, finishOrder]) => {
        const tracker = new OffsetTracker();
        for (const o of delivered) tracker.deliver(o.toString());
        const finished = new Set<bigint>();
        let previous = -1n;
        const taken: bigint[] = [];
        for (const o of finishOrder) {
          tracker.finish(o.toString());
          finished.add(o);
          const committable = tracker.committable();
          const firstUnfinished = delivered.find((d) => !finished.has(d));
          if (!finished.has(delivered[0]!)) {
            expect(committable).toBeUndefined();
            continue;
          }
          const c = BigInt(committable!);
          // Kafka's commit names the next offset to read: the first unfinished, or one past the last.
          expect(c).toBe(firstUnfinished ?? delivered.at(-1)! + 1n);
          expect(delivered.filter((d) => d < c).every((d) => finished.has(d))).toBe(true);
          expect(c).toBeGreaterThanOrEqual(previous);
          previous = c;
          const t = tracker.take();
          if (t !== undefined) taken.push(BigInt(t));
        }
        expect(taken).toEqual([...new Set(taken)].sort((a, b) => (a < b ? -1 : 1)));
        expect(taken.at(-1)).toBe(delivered.at(-1)! + 1n);
        expect(tracker.take()).toBeUndefined();
      }),
    );
  });

  it('offers nothing before the first delivery finished', () => {
    const tracker = new OffsetTracker();
    tracker.deliver('5');
    tracker.deliver('9');
    tracker.finish('9');
    expect(tracker.take()).toBeUndefined();
    tracker.finish('5');
    expect(tracker.take()).toBe('10');
  });

  it('refuses offsets out of order, unknown or finished twice (bugs of the caller)', () => {
    const tracker = new OffsetTracker();
    tracker.deliver('3');
    expect(() => tracker.deliver('3')).toThrow(RangeError);
    expect(() => tracker.finish('4')).toThrow(RangeError);
    tracker.finish('3');
    expect(() => tracker.finish('3')).toThrow(RangeError);
  });
});
