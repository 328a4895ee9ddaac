import type { Redis } from 'ioredis';

/** A Lua script bound to a client: `run(keys, args)` resolves with the script's reply. */
export type RedisScript<R> = (keys: readonly string[], args: readonly (string | number)[]) => Promise<R>;

type Scripted = Record<string, (...keysThenArgs: (string | number)[]) => Promise<unknown>>;

/**
 * Defines `lua` on `redis` as a command (ioredis `defineCommand`): it goes by EVALSHA, with the script
 * itself sent once per connection (and again if the server answers NOSCRIPT), where EVAL would send the
 * whole script with every call and have the server hash it each time. Keys get the client's keyPrefix,
 * as with EVAL. `name` must be unique per client for each different script.
 */
export function redisScript<R>(
  redis: Redis,
  name: string,
  lua: string,
  numberOfKeys: number,
): RedisScript<R> {
  redis.defineCommand(name, { lua, numberOfKeys });
  const command = (redis as unknown as Scripted)[name]!.bind(redis);
  return (keys, args) => {
    if (keys.length !== numberOfKeys)
      throw new Error(`${name} takes ${numberOfKeys} keys, got ${keys.length}`);
    return command(...keys, ...args) as Promise<R>;
  };
}
