import { hash } from 'node:crypto';

/**
 * Blocking keys and identifier values as 64-bit hashes (the first 8 bytes of MD5, as a signed bigint's
 * text): the store only looks them up. Two strings share a hash with odds of 2^-64 per pair, so among
 * 10^7 keys about 1 in 4 * 10^5 that any two do; a collision would merge two blocks (or two values) in counts.
 */
export function hash64(s: string): string {
  // The one-shot hash in hex is the cheapest form: a batch hashes thousands of keys.
  return BigInt.asIntN(64, BigInt(`0x${hash('md5', s).slice(0, 16)}`)).toString();
}

/** Hashes of `values`, and the value of each hash. */
export function hashed(values: Iterable<string>): { hashes: string[]; valueOf: Map<string, string> } {
  const valueOf = new Map<string, string>();
  for (const v of values) valueOf.set(hash64(v), v);
  return { hashes: [...valueOf.keys()], valueOf };
}
