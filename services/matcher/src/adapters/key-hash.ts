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

export type Hash64 = (s: string) => string;

/**
 * hash64 remembering its answers: a batch's write hashes again the keys and values its reads hashed, so a
 * store (one per transaction) hashes each once.
 */
export function rememberedHash64(): Hash64 {
  const seen = new Map<string, string>();
  return (s) => {
    let h = seen.get(s);
    if (h === undefined) seen.set(s, (h = hash64(s)));
    return h;
  };
}

/** Hashes of `values`, and the value of each hash. */
export function hashed(
  values: Iterable<string>,
  hash: Hash64 = hash64,
): { hashes: string[]; valueOf: Map<string, string> } {
  const valueOf = new Map<string, string>();
  for (const v of values) valueOf.set(hash(v), v);
  return { hashes: [...valueOf.keys()], valueOf };
}

/**
 * A Postgres array literal of integers (hashes as text, counts): what node-postgres would send for the
 * array, without its per-element quoting and escaping, which numbers never need.
 */
export function numberArray(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}
