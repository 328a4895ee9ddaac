import type { z } from 'zod';
import { postgresKafkaRedisConfig } from '@rapport/service-kit';
import { apiConfig } from './api-config.ts';
import { resolutionConfig } from './resolution-config.ts';

/**
 * The matcher's settings: Kafka, Postgres and Redis under the fleet's standard variable names, resolution
 * and the REST API.
 */
export const configSchema = postgresKafkaRedisConfig('matcher').extend({
  resolution: resolutionConfig,
  api: apiConfig,
});
export type Config = z.output<typeof configSchema>;
