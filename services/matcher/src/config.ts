import type { z } from 'zod';
import { postgresKafkaRedisConfig } from '@rapport/service-kit';

/** The matcher's settings: Kafka, Postgres and Redis under the fleet's standard variable names. */
export const configSchema = postgresKafkaRedisConfig('matcher');
export type Config = z.output<typeof configSchema>;
