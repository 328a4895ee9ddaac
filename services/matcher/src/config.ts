import type { z } from 'zod';
import { postgresKafkaRedisConfig } from '@rapport/service-kit';
import { resolutionConfig } from './resolution-config.ts';

/** The matcher's settings: Kafka, Postgres and Redis under the fleet's standard variable names, and resolution. */
export const configSchema = postgresKafkaRedisConfig('matcher').extend({ resolution: resolutionConfig });
export type Config = z.output<typeof configSchema>;
