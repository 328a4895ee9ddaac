/**
 * Seeded pseudo-random numbers (the Mulberry32 construction): training must be reproducible from its
 * seed, and the package may not touch Math.random.
 */
export type Prng = () => number;

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(prng: Prng, n: number): number {
  return Math.floor(prng() * n);
}
