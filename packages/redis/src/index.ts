export {
  closeRedis,
  createRedis,
  pingRedis,
  type Redis,
  type RedisLogger,
  type RedisOptions,
} from './client.ts';
export { openRedis } from './open-redis.ts';
export { RedisUnavailable } from './errors.ts';
export { redisScript, type RedisScript } from './script.ts';
