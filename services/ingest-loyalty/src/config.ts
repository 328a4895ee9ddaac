import { z } from 'zod';
import {
  authConfig,
  type Env,
  kafkaConfig,
  loadConfig,
  redisConfig,
  serviceConfig,
} from '@rapport/service-kit';
import pkg from '../package.json' with { type: 'json' };

export const SERVICE = { name: 'ingest-loyalty', version: pkg.version } as const;

/** ingest-loyalty needs Kafka and Redis (no database: ingest only validates and publishes). The keys are settings groups; the variables are the fleet's standard names. */
export const configSchema = z.object({
  service: serviceConfig,
  auth: authConfig,
  kafka: kafkaConfig(SERVICE.name),
  redis: redisConfig,
});
export type Config = z.output<typeof configSchema>;

export function loadServiceConfig(env: Env): Config {
  return loadConfig(configSchema, env);
}
