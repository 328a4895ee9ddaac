import { ConfigError } from './errors.ts';
import { serviceRuntime, startService, type BaseConfig, type ServiceDefinition } from './service.ts';

/**
 * The entry of every service, called once from its `src/server.ts`. The only code in the fleet
 * that reads `process.env`, listens on the configured port, traps signals and calls `process.exit`:
 *
 *   config -> logger -> startService (deps, app, listen) -> (SIGTERM | SIGINT) -> lifecycle.stop() -> exit
 *
 * Exit codes: 0 after a clean stop; 1 on invalid config, failed start, a failed closer, a missed
 * shutdown deadline, an uncaught error, or a second signal while stopping.
 */
export async function runService<C extends BaseConfig, D>(
  definition: ServiceDefinition<C, D>,
): Promise<void> {
  let config: C;
  try {
    config = definition.load(process.env);
  } catch (error) {
    // No logger yet (LOG_LEVEL itself may be the problem): plain lines an operator can read.
    const problems = error instanceof ConfigError ? error.problems : [String(error)];
    process.stderr.write(
      `${definition.name}: invalid configuration\n${problems.map((p) => `  ${p}\n`).join('')}`,
    );
    process.exit(1);
  }

  const runtime = serviceRuntime(definition, config);
  const { logger, lifecycle } = runtime;

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
    await startService(definition, config, {
      runtime,
      listen: { port: config.service.port, host: config.service.host },
    });
  } catch (error) {
    logger.fatal({ err: error }, 'service failed to start');
    await shutdown('start failed', 1);
  }
}
