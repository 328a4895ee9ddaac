// The scoring service, which scores customers. `node src/server.ts` runs it through runService, the only
// code that reads process.env, listens and traps signals; the tests start the same definition
// with @rapport/testing.
import { defineService, runService } from '@rapport/service-kit';
import pkg from '../package.json' with { type: 'json' };
import { buildApp } from './app.ts';
import { configSchema } from './config.ts';
import { createDeps } from './deps.ts';

export const scoring = defineService({ package: pkg, config: configSchema, createDeps, buildApp });

if (import.meta.main) await runService(scoring);
