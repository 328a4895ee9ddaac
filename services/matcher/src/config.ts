import { z } from 'zod';
import {
  authConfig,
  type Env,
  kafkaConfig,
  loadConfig,
  postgresConfig,
  redisConfig,
  serviceConfig,
} from '@rapport/service-kit';
import pkg from '../package.json' with { type: 'json' };

export const SERVICE = { name: 'matcher', version: pkg.version } as const;

/** matcher needs Kafka, Postgres and Redis. The keys are settings groups; the variables are the fleet's standard names. */
export const configSchema = z.object({
  service: serviceConfig,
  auth: authConfig,
  kafka: kafkaConfig(SERVICE.name),
  postgres: postgresConfig,
  redis: redisConfig,
});
export type Config = z.output<typeof configSchema>;

export function loadServiceConfig(env: Env): Config {
  return loadConfig(configSchema, env);
}
