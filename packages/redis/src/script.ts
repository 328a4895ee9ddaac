import type { Redis } from 'ioredis';

/** A Lua script bound to a client: `run(keys, args)` resolves with the script's reply. */
export type RedisScript<R> = (keys: readonly string[], args: readonly (string | number)[]) => Promise<R>;

type Scripted = Record<string, (...keysThenArgs: (string | number)[]) => Promise<unknown>>;

/**
 * Defines `lua` on `redis` as a command (ioredis `defineCommand`): it goes by EVALSHA, with the script
 * itself sent once per connection (and again if the server answers NOSCRIPT), where EVAL would send the
 * whole script with every call and have the server hash it each time. Keys get the client's keyPrefix,
 * as with EVAL. `name` must be unique per client for each different script. `'any'`: as many keys as the
 * call gives.
 */
export function redisScript<R>(
  redis: Redis,
  name: string,
  lua: string,
  numberOfKeys: number | 'any',
): RedisScript<R> {
  // Without numberOfKeys, ioredis takes the key count as the first argument (and still prefixes the keys).
  redis.defineCommand(name, numberOfKeys === 'any' ? { lua } : { lua, numberOfKeys });
  const command = (redis as unknown as Scripted)[name]!.bind(redis);
  return (keys, args) => {
    if (numberOfKeys === 'any') return command(keys.length, ...keys, ...args) as Promise<R>;
    if (keys.length !== numberOfKeys)
      throw new Error(`${name} takes ${numberOfKeys} keys, got ${keys.length}`);
    return command(...keys, ...args) as Promise<R>;
  };
}
