import { MS_PER_DAY } from '../time/decayed-counter.ts';

/**
 * A customer's purchases as per-day totals: the sufficient statistic of every value formula here.
 * RFM over any window, the BG/NBD summary (repeat days, recency, age) and the Gamma-Gamma spend all
 * derive from it, and two histories merge by adding day by day, which is associative, commutative and
 * exact (amounts are integer minor units, never floats). Several purchases on one day are one
 * transaction day, as in the CDNOW papers.
 *
 * `days` is sorted by day and holds each day once: [UTC day number, purchases, net amount in minor units
 * (refunds subtract)].
 */
export interface PurchaseDays {
  readonly days: readonly (readonly [day: number, purchases: number, amountMinor: number])[];
}

export const NO_PURCHASES: PurchaseDays = { days: [] };

/** The UTC day number (days since 1970-01-01) of an epoch-milliseconds time. */
export function dayOf(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_DAY);
}

export interface PurchaseEvent {
  /** Epoch milliseconds. */
  at: number;
  /** Non-negative amount in minor units (cents). */
  amountMinor: number;
  kind: 'purchase' | 'refund';
}

export function addPurchase(history: PurchaseDays, event: PurchaseEvent): PurchaseDays {
  if (!Number.isSafeInteger(event.amountMinor) || event.amountMinor < 0)
    throw new RangeError(`amountMinor must be a non-negative integer, got ${event.amountMinor}`);
  const entry = [
    dayOf(event.at),
    event.kind === 'purchase' ? 1 : 0,
    event.kind === 'purchase' ? event.amountMinor : -event.amountMinor,
  ] as const;
  return mergePurchases(history, { days: [entry] });
}

export function mergePurchases(a: PurchaseDays, b: PurchaseDays): PurchaseDays {
  if (b.days.length === 0) return a;
  if (a.days.length === 0) return b;
  const out: [number, number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.days.length || j < b.days.length) {
    const x = a.days[i];
    const y = b.days[j];
    if (y === undefined || (x !== undefined && x[0] < y[0])) {
      out.push([x![0], x![1], x![2]]);
      i++;
    } else if (x === undefined || y[0] < x[0]) {
      out.push([y[0], y[1], y[2]]);
      j++;
    } else {
      out.push([x[0], x[1] + y[1], x[2] + y[2]]);
      i++;
      j++;
    }
  }
  return { days: out };
}

/** The days with at least one purchase, up to and including `lastDay`. */
function purchaseDaysUpTo(history: PurchaseDays, lastDay: number) {
  return history.days.filter(([day, purchases]) => purchases > 0 && day <= lastDay);
}

export interface WindowStats {
  /** Whole days from the last purchase to `asOf` (any time before `asOf`, not only in the window). */
  recencyDays: number;
  /** Purchases within the window. */
  frequency: number;
  /** Net spend within the window, minor units, never below 0. */
  monetaryMinor: number;
}

/** Recency, frequency and monetary value over the `windowDays` days ending at `asOf`; none before any purchase. */
export function windowStats(
  history: PurchaseDays,
  asOf: number,
  windowDays: number,
): WindowStats | undefined {
  const today = dayOf(asOf);
  const bought = purchaseDaysUpTo(history, today);
  const last = bought.at(-1);
  if (last === undefined) return undefined;
  let frequency = 0;
  let monetaryMinor = 0;
  for (const [day, purchases, amount] of history.days) {
    if (day > today - windowDays && day <= today) {
      frequency += purchases;
      monetaryMinor += amount;
    }
  }
  return { recencyDays: today - last[0], frequency, monetaryMinor: Math.max(0, monetaryMinor) };
}

/** What BG/NBD and Gamma-Gamma read about one customer, in the model's time unit. */
export interface RepeatSummary {
  /** Repeat transaction days: transaction days after the first. */
  x: number;
  /** Time from the first to the last transaction day. */
  tx: number;
  /** Time from the first transaction day to the end of observation. */
  T: number;
  /** Net spend after the first transaction day per repeat transaction day (minor units); 0 when x = 0. */
  meanRepeatMinor: number;
  /** Net spend per transaction day, the first included (minor units). */
  meanDayMinor: number;
}

/**
 * The BG/NBD summary at `asOf` (the end of the calibration period), counting time from the first
 * transaction day in units of `unitDays` days (7 for weeks, as in CDNOW). Undefined before any purchase.
 */
export function repeatSummary(
  history: PurchaseDays,
  asOf: number,
  unitDays: number,
): RepeatSummary | undefined {
  const today = dayOf(asOf);
  const bought = purchaseDaysUpTo(history, today);
  const first = bought[0];
  const last = bought.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const x = bought.length - 1;
  // Refunds are netted into spend (on whichever day they fall), and a mean never goes below 0.
  let repeatNet = 0;
  for (const [day, , amount] of history.days) if (day > first[0] && day <= today) repeatNet += amount;
  return {
    x,
    tx: (last[0] - first[0]) / unitDays,
    T: (today - first[0]) / unitDays,
    meanRepeatMinor: x === 0 ? 0 : Math.max(0, repeatNet) / x,
    meanDayMinor: Math.max(0, first[2] + repeatNet) / (x + 1),
  };
}

export function totalSpendMinor(history: PurchaseDays, asOf?: number): number {
  const today = asOf === undefined ? Infinity : dayOf(asOf);
  return history.days.reduce((sum, [day, , amount]) => (day <= today ? sum + amount : sum), 0);
}
