import type { z } from 'zod';
import { ingestServiceConfig } from '@rapport/ingest';
import { type Env, loadConfig } from '@rapport/service-kit';
import pkg from '../package.json' with { type: 'json' };

export const SERVICE = { name: 'ingest-social', version: pkg.version } as const;

/**
 * ingest-social needs Kafka and Redis (no database: ingest only validates and publishes). The keys
 * are settings groups; the variables are the fleet's standard names plus the intake limits
 * (RATE_LIMIT_PER_MINUTE, MAX_BODY_BYTES, MAX_BATCH_RECORDS, ...; see @rapport/ingest).
 */
export const configSchema = ingestServiceConfig(SERVICE.name);
export type Config = z.output<typeof configSchema>;

export function loadServiceConfig(env: Env): Config {
  return loadConfig(configSchema, env);
}
