/**
 * An exponentially decayed sum, kept as its value at one reference time (the latest event it has
 * seen). Everything that happened at time tᵢ with amount wᵢ counts wᵢ · 2^(−(t − tᵢ)/h) at time t,
 * h the half-life. Adding an event or merging two counters rescales to the later reference time and
 * adds, so updates are O(1) per event and merging is associative and commutative (exactly in real
 * arithmetic; up to floating-point rounding in doubles): the state is a sufficient statistic.
 */
export interface DecayedCounter {
  /** The decayed sum at `at`. */
  readonly value: number;
  /** Reference time, epoch milliseconds. */
  readonly at: number;
  /** Half-life in milliseconds; counters of different half-lives are never merged. */
  readonly halfLifeMs: number;
}

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export function emptyCounter(halfLifeMs: number): DecayedCounter {
  if (!(halfLifeMs > 0)) throw new RangeError(`half-life must be positive, got ${halfLifeMs}`);
  return { value: 0, at: 0, halfLifeMs };
}

/** 2^(−Δt/h): the weight now of one unit counted Δt ago. */
export function decayFactor(elapsedMs: number, halfLifeMs: number): number {
  return Math.pow(2, -elapsedMs / halfLifeMs);
}

/** The counter's value at time `t` (earlier than `at` gives the value it would have had then). */
export function counterValue(counter: DecayedCounter, t: number): number {
  return counter.value === 0 ? 0 : counter.value * decayFactor(t - counter.at, counter.halfLifeMs);
}

export function addToCounter(counter: DecayedCounter, amount: number, at: number): DecayedCounter {
  return mergeCounters(counter, { value: amount, at, halfLifeMs: counter.halfLifeMs });
}

export function mergeCounters(a: DecayedCounter, b: DecayedCounter): DecayedCounter {
  if (a.halfLifeMs !== b.halfLifeMs)
    throw new RangeError(`cannot merge counters with half-lives ${a.halfLifeMs} and ${b.halfLifeMs}`);
  if (b.value === 0) return a;
  if (a.value === 0) return b;
  const at = Math.max(a.at, b.at);
  return { value: counterValue(a, at) + counterValue(b, at), at, halfLifeMs: a.halfLifeMs };
}
