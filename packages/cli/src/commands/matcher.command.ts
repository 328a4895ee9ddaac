import { Command } from 'commander';
import { z } from 'zod';
import { createPool } from '@rapport/db';
import { loadConfig, postgresConfig, ConfigError } from '@rapport/service-kit';
import { modelState, requestModelSwitch } from '../matcher/matcher-models.ts';
import { parseInteger, type CommandIo } from './command-io.ts';

const matcherConfig = z.object({ postgres: postgresConfig });

/**
 * `rapport matcher use-model <version>`: asks the running matcher services to re-resolve every record under
 * a stored model version and switch to it; `rapport matcher model` shows where that stands.
 */
export function matcherCommand(io: CommandIo): Command {
  const withPool = async (work: (pool: ReturnType<typeof createPool>) => Promise<void>): Promise<void> => {
    let config: z.output<typeof matcherConfig>;
    try {
      config = loadConfig(matcherConfig, process.env);
    } catch (error) {
      if (error instanceof ConfigError) return io.fail(error.message);
      throw error;
    }
    const pool = createPool(config.postgres.url, { applicationName: 'rapport-matcher', max: 1 });
    try {
      await work(pool);
    } finally {
      await pool.end();
    }
  };
  const matcher = new Command('matcher').description('operate the matcher service (models)');
  matcher
    .command('use-model')
    .description('re-resolve every record under a stored model version, online, then switch to it')
    .argument('<version>', 'a version stored by `rapport train` (or the shipped default)')
    .option('--wait <seconds>', 'wait until the switch is done, at most this long', parseInteger)
    .action(async (version: string, flags: { wait?: number }) =>
      withPool(async (pool) => {
        const asked = await requestModelSwitch(pool, version);
        if (asked === 'unknown') return io.fail(`no model version ${version} (rapport train stores one)`);
        if (asked === 'active') {
          io.stdout.write(`${version} is the model in use already\n`);
          return;
        }
        io.stdout.write(`switch to ${version} requested: the matcher re-resolves every record under it\n`);
        if (flags.wait === undefined) return;
        const deadline = Date.now() + flags.wait * 1000;
        for (;;) {
          const state = await modelState(pool);
          if (state.active === version && state.next === null) {
            io.stdout.write(`${version} is in use\n`);
            return;
          }
          if (Date.now() > deadline)
            return io.fail(`still rebuilding after ${flags.wait} s (at ${state.rebuiltUpTo ?? 'the start'})`);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }),
    );
  matcher
    .command('model')
    .description('the model in use, and a switch in progress')
    .action(async () =>
      withPool(async (pool) => {
        io.stdout.write(JSON.stringify(await modelState(pool)) + '\n');
      }),
    );
  return matcher;
}
