import type { z } from 'zod';
import {
  loadConfig,
  type AuthSettings,
  type ConfigSchema,
  type Env,
  type ServiceSettings,
} from './config.ts';
import type { BuildHttpOptions, HttpApp } from './http.ts';
import { Lifecycle } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';
import type { Readiness } from './readiness.ts';

/** The settings groups every service has: its listener, logging and shutdown, and its API keys. */
export interface BaseConfig {
  service: ServiceSettings;
  auth: AuthSettings;
}

/** What `buildApp` is given: the config, the deps `createDeps` made, and the kit's HTTP shell options. */
export interface AppContext<C, D> {
  config: C;
  deps: D;
  logger: Logger;
  readiness: Readiness;
  /** The service's name, version, description, logger, API keys and readiness: `buildHttp(shell)`. */
  shell: Pick<BuildHttpOptions, 'service' | 'version' | 'description' | 'logger' | 'auth' | 'readiness'>;
}

/**
 * A service as its entry (`runService`) and its tests (`@rapport/testing`) start it: the same steps,
 * from the same four pieces, so a test runs what production runs.
 */
export interface ServiceDefinition<C extends BaseConfig, D> {
  name: string;
  version: string;
  /** What the service does, in a sentence: the OpenAPI document's description. */
  description?: string | undefined;
  /** Parses the environment; throws ConfigError listing every problem. */
  load(env: Env): C;
  /**
   * Opens each client and registers its closer and readiness check on `lifecycle` right there, then
   * starts the consumers (after the producer, so that they stop before it).
   */
  createDeps(config: C, lifecycle: Lifecycle, logger: Logger): Promise<D>;
  /** The HTTP app with the service's routes. Must not listen: `startService` does, when asked. */
  buildApp(context: AppContext<C, D>): Promise<HttpApp>;
}

/** What a service's package.json says about it: `@rapport/matcher` is the service `matcher`. */
export interface ServicePackage {
  name: string;
  version: string;
  description?: string;
}

/**
 * A definition from the service's package.json (its name, version and description: one source for the
 * logs, the probes and the OpenAPI document) and its composed config schema, with `load` made from it.
 */
export function defineService<S extends ConfigSchema & z.ZodType<BaseConfig>, D>(spec: {
  package: ServicePackage;
  config: S;
  createDeps(config: z.output<S>, lifecycle: Lifecycle, logger: Logger): Promise<D>;
  buildApp(context: AppContext<z.output<S>, D>): Promise<HttpApp>;
}): ServiceDefinition<z.output<S>, D> {
  const { package: pkg, config, createDeps, buildApp } = spec;
  return {
    name: pkg.name.replace(/^@[^/]+\//, ''),
    version: pkg.version,
    description: pkg.description,
    createDeps,
    buildApp,
    load: (env) => loadConfig(config, env),
  };
}

export interface ServiceRuntime {
  logger: Logger;
  lifecycle: Lifecycle;
}

/** The logger and lifecycle a service runs with, made from its config. */
export function serviceRuntime<C extends BaseConfig>(
  definition: ServiceDefinition<C, unknown>,
  config: C,
): ServiceRuntime {
  const logger = createLogger({
    service: definition.name,
    version: definition.version,
    level: config.service.logLevel,
  });
  return { logger, lifecycle: new Lifecycle({ logger, deadlineMs: config.service.shutdownDeadlineMs }) };
}

export interface RunningService<C, D> extends ServiceRuntime {
  config: C;
  deps: D;
  app: HttpApp;
  /** Where the app listens (`http://host:port`), when it was asked to listen. */
  url: string | undefined;
}

/**
 * The start-up of every service, shared by `runService` and the test harness:
 *
 *   createDeps (clients, consumers) -> buildApp -> HTTP's closer -> app ready -> listen (when asked)
 *
 * HTTP's closer is registered last so that it runs first: no new requests, in-flight ones finish, then
 * the consumers, the producer and the pools close. When a step fails, what was opened is closed before
 * the error is rethrown.
 */
export async function startService<C extends BaseConfig, D>(
  definition: ServiceDefinition<C, D>,
  config: C,
  options: { runtime?: ServiceRuntime; listen?: { port: number; host: string } } = {},
): Promise<RunningService<C, D>> {
  const runtime = options.runtime ?? serviceRuntime(definition, config);
  const { logger, lifecycle } = runtime;
  try {
    const deps = await definition.createDeps(config, lifecycle, logger);
    const app = await definition.buildApp({
      config,
      deps,
      logger,
      readiness: lifecycle.readiness,
      shell: {
        service: definition.name,
        version: definition.version,
        ...(definition.description === undefined ? {} : { description: definition.description }),
        logger,
        auth: config.auth,
        readiness: lifecycle.readiness,
      },
    });
    lifecycle.onStop('http', () => app.close());
    await app.ready();
    const url = options.listen ? await app.listen(options.listen) : undefined;
    logger.info({ url }, 'service started');
    return { ...runtime, config, deps, app, url };
  } catch (error) {
    await lifecycle.stop();
    throw error;
  }
}
