/**
 * Where the test infrastructure lives. Order: the environment (what `./dev.sh test` and CI set), else
 * containers started through a Docker engine, else a loud error. A test never skips silently for lack of it.
 */
import { MissingInfrastructure } from './errors.ts';

export type EndpointName = 'DATABASE_URL' | 'REDIS_URL' | 'KAFKA_BROKERS';

const resolved = new Map<EndpointName, Promise<string>>();

/** The endpoint for `name`, starting a container once per process when the environment has none. */
export function endpoint(name: EndpointName, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[name]?.trim();
  if (fromEnv) return Promise.resolve(fromEnv);
  let pending = resolved.get(name);
  if (!pending) {
    pending = (async () => {
      const { dockerAvailable, startContainerFor } = await import('./containers.ts');
      const docker = await dockerAvailable();
      if (!docker.ok) throw new MissingInfrastructure(name, docker.reason);
      const value = await startContainerFor(name);
      // Later lookups in this process (and child processes it spawns) see the same endpoint.
      env[name] = value;
      return value;
    })();
    pending.catch(() => resolved.delete(name));
    resolved.set(name, pending);
  }
  return pending;
}

export const databaseUrl = (): Promise<string> => endpoint('DATABASE_URL');
export const redisUrl = (): Promise<string> => endpoint('REDIS_URL');
export const kafkaBrokers = async (): Promise<string[]> =>
  (await endpoint('KAFKA_BROKERS'))
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
