import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../time/decayed-counter.ts';
import {
  addPurchase,
  mergePurchases,
  NO_PURCHASES,
  repeatSummary,
  totalSpendMinor,
  windowStats,
  type PurchaseDays,
  type PurchaseEvent,
} from './purchase-days.ts';

const day = (n: number, hour = 12) => n * MS_PER_DAY + hour * 3_600_000;
const buy = (d: number, amountMinor: number, hour = 12): PurchaseEvent => ({
  at: day(d, hour),
  amountMinor,
  kind: 'purchase',
});
const from = (events: PurchaseEvent[]) => events.reduce(addPurchase, NO_PURCHASES);

describe('purchase days', () => {
  const history = from([
    buy(100, 1000),
    buy(100, 500, 18),
    buy(110, 2000),
    { at: day(111), amountMinor: 300, kind: 'refund' },
    buy(130, 4000),
  ]);

  it('keeps one entry per day: purchases counted, refunds subtracted', () => {
    expect(history.days).toEqual([
      [100, 2, 1500],
      [110, 1, 2000],
      [111, 0, -300],
      [130, 1, 4000],
    ]);
    expect(totalSpendMinor(history)).toBe(7200);
    expect(totalSpendMinor(history, day(120))).toBe(3200);
  });

  it('gives recency, frequency and monetary value over a window', () => {
    expect(windowStats(history, day(140), 365)).toEqual({
      recencyDays: 10,
      frequency: 4,
      monetaryMinor: 7200,
    });
    // A 25-day window ending on day 140 holds days 116..140: only the purchase of day 130.
    expect(windowStats(history, day(140), 25)).toEqual({
      recencyDays: 10,
      frequency: 1,
      monetaryMinor: 4000,
    });
    // Recency reaches back before the window; a window with nothing in it has frequency 0.
    expect(windowStats(history, day(400), 30)).toEqual({ recencyDays: 270, frequency: 0, monetaryMinor: 0 });
    // Only what happened by asOf counts.
    expect(windowStats(history, day(105), 365)).toEqual({
      recencyDays: 5,
      frequency: 2,
      monetaryMinor: 1500,
    });
    expect(windowStats(history, day(99), 365)).toBeUndefined();
    expect(windowStats(NO_PURCHASES, day(99), 365)).toBeUndefined();
  });

  it('summarises for BG/NBD in the chosen unit: repeat transaction days, their timing and mean', () => {
    // Transaction days 100, 110, 130 (the refund-only day is not one): x = 2, tx = 30 days, T = 40 days.
    expect(repeatSummary(history, day(140), 7)).toEqual({
      x: 2,
      tx: 30 / 7,
      T: 40 / 7,
      meanRepeatMinor: (2000 - 300 + 4000) / 2,
      meanDayMinor: (1500 - 300 + 2000 + 4000) / 3,
    });
    expect(repeatSummary(history, day(105), 1)).toEqual({
      x: 0,
      tx: 0,
      T: 5,
      meanRepeatMinor: 0,
      meanDayMinor: 1500,
    });
  });

  it('refuses a negative or fractional amount', () => {
    expect(() => addPurchase(NO_PURCHASES, buy(1, -5))).toThrow(RangeError);
    expect(() => addPurchase(NO_PURCHASES, buy(1, 1.5))).toThrow(RangeError);
  });

  const event = fc.record({
    at: fc.integer({ min: 0, max: 60 }).map((d) => day(d)),
    amountMinor: fc.integer({ min: 0, max: 100_000 }),
    kind: fc.constantFrom('purchase' as const, 'refund' as const),
  });
  const historyArb = fc.array(event, { maxLength: 12 }).map(from);

  it('merging is exact, associative and commutative, with no purchases as identity', () => {
    fc.assert(
      fc.property(historyArb, historyArb, historyArb, (a, b, c) => {
        expect(mergePurchases(a, b)).toEqual(mergePurchases(b, a));
        expect(mergePurchases(mergePurchases(a, b), c)).toEqual(mergePurchases(a, mergePurchases(b, c)));
        expect(mergePurchases(a, NO_PURCHASES)).toEqual(a);
      }),
    );
  });

  it('the same events in any order give the same history', () => {
    fc.assert(
      fc.property(
        fc
          .array(event, { maxLength: 20 })
          .chain((es) =>
            fc.tuple(
              fc.constant(es),
              fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length }),
            ),
          ),
        ([events, shuffled]) => {
          const a: PurchaseDays = from(events);
          expect(from(shuffled)).toEqual(a);
        },
      ),
    );
  });
});
