// The process entry (`node src/server.ts`). runService is the only code that reads process.env,
// listens, traps SIGTERM/SIGINT and calls process.exit; see @rapport/service-kit run-service.ts.
import { runService } from '@rapport/service-kit';
import { buildApp } from './app.ts';
import { loadServiceConfig, SERVICE } from './config.ts';
import { createDeps } from './deps.ts';

await runService({
  name: SERVICE.name,
  version: SERVICE.version,
  load: loadServiceConfig,
  start: async (config, lifecycle, logger) => {
    const deps = await createDeps(config, lifecycle, logger);
    const app = await buildApp({ config, deps, logger, readiness: lifecycle.readiness });
    return { app };
  },
});
