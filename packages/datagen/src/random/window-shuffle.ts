import type { Random } from './random.ts';

/**
 * Items of `source` in a shuffled order, each moved at most about `window` places: memory stays bounded
 * however many items there are. 0 keeps the order. Swaps a random buffered item to the end and pops it:
 * O(1) per item.
 */
export function* windowShuffle<T>(
  random: Random,
  window: number,
  source: Iterable<T>,
  limit = Infinity,
): Generator<T> {
  let emitted = 0;
  const buffer: T[] = [];
  const draw = (): T => {
    const at = random.int(buffer.length);
    const last = buffer.length - 1;
    [buffer[at], buffer[last]] = [buffer[last] as T, buffer[at] as T];
    emitted += 1;
    return buffer.pop() as T;
  };
  for (const item of source) {
    if (emitted >= limit) return;
    if (window <= 0) {
      emitted += 1;
      yield item;
      continue;
    }
    buffer.push(item);
    if (buffer.length >= window) yield draw();
  }
  while (buffer.length > 0 && emitted < limit) yield draw();
}
