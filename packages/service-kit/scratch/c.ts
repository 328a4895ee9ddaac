import { z } from 'zod';
import { loadConfig, serviceConfig, kafkaConfig, postgresConfig, authConfig, configVariables, redisConfig } from '../src/config.ts';
const schema = z.object({ service: serviceConfig, auth: authConfig, kafka: kafkaConfig('matcher'), pg: postgresConfig, redis: redisConfig });
try { loadConfig(schema, { PORT: '70000', KAFKA_BROKERS: 'x', API_KEYS: 'a:short:ingest:write;b' , LOG_LEVEL: 'loud', DATABASE_URL: 'http://x'}); } catch (e) { console.log(e.message); }
const c = loadConfig(schema, { KAFKA_BROKERS: 'a:9092, b:9093', API_KEYS: 'ops:0123456789abcdef:ingest:write+customers:read', DATABASE_URL: 'postgres://app:app@h/db', REDIS_URL: 'redis://h:6379' });
console.log(JSON.stringify(c), configVariables(schema));
