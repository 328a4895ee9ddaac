import { fileURLToPath } from 'node:url';

/**
 * Where the outbox's migration files are. Services link them into their own `migrations/` (see README); the
 * path is for tooling and tests that want to check a service's links against the originals.
 */
export const outboxMigrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
