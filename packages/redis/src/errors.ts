/**
 * Coded errors of the redis package. `RedisUnavailable` is what an HTTP layer turns into 503: the server
 * could not be reached or did not answer, and trying again later may succeed.
 */
export class RedisUnavailable extends Error {
  readonly code = 'REDIS_UNAVAILABLE';

  constructor(operation: string, cause?: unknown) {
    super(`Redis unavailable during ${operation}`, { cause });
    this.name = 'RedisUnavailable';
  }
}
