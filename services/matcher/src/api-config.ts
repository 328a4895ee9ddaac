import { z } from 'zod';

/**
 * Stands in for MATCHER_HASH_SECRET on a development machine, so that `./dev.sh up` and the tests need no
 * secret; the service warns at start when it is in use. A deployment sets its own (.env.example).
 */
export const DEVELOPMENT_HASH_SECRET = 'rapport-development-hash-secret-not-for-production';

const seconds = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `expected an integer 1..${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, { error: `expected an integer 1..${max}` })
        .max(max, { error: `expected an integer 1..${max}` }),
    );

/**
 * The REST API's settings. MATCHER_HASH_SECRET keys the one-way hashes of identifiers (the lookup index)
 * and of erased records and identifiers (the tombstones on identity.erasure.v1): keep it secret, and keep
 * it: with another secret, the index must be rebuilt and existing tombstones no longer match anything.
 */
export const apiConfig = z
  .object({
    // Empty as unset, as .env.example leaves it.
    MATCHER_HASH_SECRET: z
      .union([z.literal(''), z.string().min(32, { error: 'expected at least 32 characters' })])
      .optional(),
    // Cached lookups are deleted when the customers behind them change; the TTL bounds what a lookup racing
    // with a change could leave behind.
    LOOKUP_CACHE_TTL_SECONDS: seconds(86_400).default(300),
  })
  .transform((env) => ({
    hashSecret: env.MATCHER_HASH_SECRET || DEVELOPMENT_HASH_SECRET,
    developmentSecret: !env.MATCHER_HASH_SECRET,
    lookupCacheTtlSeconds: env.LOOKUP_CACHE_TTL_SECONDS,
  }));
export type ApiSettings = z.output<typeof apiConfig>;
