import type { FastifyInstance } from 'fastify';
import { ConfigError, type Env, type ServiceSettings } from './config.ts';
import { Lifecycle } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';

export interface ServiceSpec<C extends { service: ServiceSettings }> {
  name: string;
  version: string;
  /** Parses the environment; throws ConfigError listing every problem. */
  load: (env: Env) => C;
  /**
   * Creates clients (registering each closer and readiness check on `lifecycle` as it goes),
   * builds the app and starts consumers. Must not listen: runService does, after start resolves.
   */
  start: (config: C, lifecycle: Lifecycle, logger: Logger) => Promise<{ app: FastifyInstance }>;
}

/**
 * The entry of every service, called once from its `src/server.ts`. The only code in the fleet
 * that reads `process.env`, listens, traps signals and calls `process.exit`:
 *
 *   config -> logger -> start(config, lifecycle) -> listen -> (SIGTERM | SIGINT) -> lifecycle.stop() -> exit
 *
 * Exit codes: 0 after a clean stop; 1 on invalid config, failed start, a failed closer, a missed
 * shutdown deadline, an uncaught error, or a second signal while stopping.
 */
export async function runService<C extends { service: ServiceSettings }>(
  spec: ServiceSpec<C>,
): Promise<void> {
  let config: C;
  try {
    config = spec.load(process.env);
  } catch (error) {
    // No logger yet (LOG_LEVEL itself may be the problem): plain lines an operator can read.
    const problems = error instanceof ConfigError ? error.problems : [String(error)];
    process.stderr.write(`${spec.name}: invalid configuration\n${problems.map((p) => `  ${p}\n`).join('')}`);
    process.exit(1);
  }

  const logger = createLogger({ service: spec.name, version: spec.version, level: config.service.logLevel });
  const lifecycle = new Lifecycle({ logger, deadlineMs: config.service.shutdownDeadlineMs });

  // Flush in case the logger was given an asynchronous destination.
  const exit = (code: number) => logger.flush(() => process.exit(code));

  let exiting = false;
  const shutdown = async (reason: string, code: number) => {
    if (exiting) return;
    exiting = true;
    logger.info({ reason }, 'stopping');
    const outcome = await lifecycle.stop();
    exit(outcome.ok ? code : 1);
  };

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      // A second Ctrl-C means "now": do not wait for the deadline.
      logger.warn({ signal }, 'second signal while stopping, exiting at once');
      exit(1);
    }
    signalled = true;
    void shutdown(signal, 0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });
  process.on('unhandledRejection', (error) => {
    logger.fatal({ err: error }, 'unhandled rejection');
    void shutdown('unhandledRejection', 1);
  });

  try {
    const { app } = await spec.start(config, lifecycle, logger);
    // Registered last, so stopped first: no new requests, in-flight ones finish, then deps close.
    lifecycle.onStop('http', () => app.close());
    const address = await app.listen({ port: config.service.port, host: config.service.host });
    logger.info({ url: address }, 'service started');
  } catch (error) {
    logger.fatal({ err: error }, 'service failed to start');
    await shutdown('start failed', 1);
  }
}
