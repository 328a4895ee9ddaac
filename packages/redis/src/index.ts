export {
  closeRedis,
  createRedis,
  pingRedis,
  type Redis,
  type RedisLogger,
  type RedisOptions,
} from './client.ts';
