import { readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { z } from 'zod';
import { allTopics } from '@rapport/contracts';
import { createPool, migrate } from '@rapport/db';
import { createKafka, ensureTopics } from '@rapport/kafka';
import { createLogger, kafkaConfig, loadConfig, postgresConfig, ConfigError } from '@rapport/service-kit';
import type { CommandIo } from './command-io.ts';

const setupConfig = z.object({ kafka: kafkaConfig('rapport-setup'), postgres: postgresConfig });

/** services/<name>/migrations of this checkout (or image), each owned by its service. */
function migrationDirs(): { owner: string; dir: string }[] {
  const services = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../services');
  return readdirSync(services)
    .map((owner) => ({ owner, dir: join(services, owner, 'migrations') }))
    .filter(({ dir }) => existsSync(dir))
    .sort((a, b) => a.owner.localeCompare(b.owner));
}

/**
 * `rapport setup`: the one-shot deployment step (compose's `setup` job, `./dev.sh up`). Creates every
 * topic of the contracts registry with its dead-letter topic, and applies every service's migrations.
 * Idempotent and safe to run from several processes at once.
 */
export function setupCommand(io: CommandIo): Command {
  return new Command('setup')
    .description('create the Kafka topics from the contracts registry and apply every service migration')
    .option('--skip-topics', 'only apply migrations')
    .option('--skip-migrations', 'only create topics')
    .action(async (options: { skipTopics?: boolean; skipMigrations?: boolean }) => {
      let config: z.output<typeof setupConfig>;
      try {
        config = loadConfig(setupConfig, process.env);
      } catch (error) {
        if (error instanceof ConfigError) return io.fail(error.message);
        throw error;
      }
      const logger = createLogger({ service: 'rapport-setup', version: '1', level: 'warn' });

      if (!options.skipTopics) {
        const kafka = createKafka({ ...config.kafka, logger });
        const { created, existing } = await ensureTopics(kafka, allTopics);
        io.stderr.write(`topics: ${created.length} created, ${existing.length} already there\n`);
      }
      if (!options.skipMigrations) {
        const pool = createPool(config.postgres.url, { applicationName: 'rapport-setup' });
        try {
          for (const { owner, dir } of migrationDirs()) {
            const applied = await migrate(pool, { dir, owner, logger });
            io.stderr.write(`migrations ${owner}: ${applied.length} applied\n`);
          }
        } finally {
          await pool.end();
        }
      }
    });
}
