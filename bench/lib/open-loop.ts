import { quantile, round, type Figures } from './report.ts';

/** A fixed offered load: `rate` events per second for `warmupSeconds` (not counted) then `seconds`. */
export interface OpenLoad {
  rate: number;
  seconds: number;
  warmupSeconds: number;
  /** Every tick, the events that fell due since the last one go out together. */
  tickMs: number;
  log: (line: string) => void;
}

/**
 * Open loop: event i is due at start + i/rate, and every `tickMs` the events that fell due go out together
 * (`send(from, to)`: one transaction, or one produce request), whatever is still in flight, so a slow system
 * cannot slow the offered load down (no coordinated omission). A service commits what it consumed in one
 * batch the same way. Resolves, with every event's due time, once `received()` counts all that were sent.
 */
export async function openLoop(
  load: OpenLoad,
  send: (from: number, to: number) => Promise<void>,
  received: () => number,
): Promise<{ dueAt: Float64Array; counted: number; sends: number; failed: number; sendLagP99Ms: number }> {
  const { rate } = load;
  const total = Math.round(rate * (load.warmupSeconds + load.seconds));
  const counted = Math.round(rate * load.warmupSeconds);
  const dueAt = new Float64Array(total);
  const lags: number[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let next = 0;
  let sends = 0;
  let failed = 0;
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
      if (due > next) {
        for (let i = next; i < due; i++) {
          dueAt[i] = start + (i * 1000) / rate;
          lags.push(now - dueAt[i]!);
        }
        sends++;
        inFlight.push(
          send(next, due).catch((error: unknown) => {
            if (failed++ === 0)
              load.log(`first failed send: ${(error as Error).name}: ${(error as Error).message}`);
          }),
        );
        next = due;
      }
      if (next < total) setTimeout(tick, load.tickMs);
      else done();
    };
    tick();
  });
  await Promise.all(inFlight);
  const deadline = performance.now() + 60_000;
  while (received() < total - failed && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  lags.sort((a, b) => a - b);
  return { dueAt, counted, sends, failed, sendLagP99Ms: quantile(lags, 0.99) };
}

/** p50, p99 and max of `to[i] - from[i]` over the counted events (from index `counted` on), in ms. */
export const latencyFigures = (from: Float64Array, to: Float64Array, counted: number): Figures => {
  const latencies = Array.from(to.subarray(counted), (t, j) => Math.max(0, t - from[counted + j]!)).sort(
    (a, b) => a - b,
  );
  return {
    p50_ms: round(quantile(latencies, 0.5), 2),
    p99_ms: round(quantile(latencies, 0.99), 2),
    max_ms: round(latencies.at(-1) ?? Number.NaN, 2),
  };
};

/** How the generator itself kept up; a failed send fails the run (its events would be missing). */
export const loadFigures = (load: OpenLoad, sends: number, failed: number, sendLagP99Ms: number): Figures => {
  if (failed > 0) throw new Error(`${failed} of ${sends} sends failed`);
  return {
    sends_per_s: round(sends / (load.warmupSeconds + load.seconds), 1),
    send_lag_p99_ms: round(sendLagP99Ms, 2),
  };
};

/** Runs `work(i)` for i in [0, count) with `limit` in flight. */
export async function inParallel(
  count: number,
  limit: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}
