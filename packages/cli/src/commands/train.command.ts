import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { z } from 'zod';
import type { PersonRecord } from '@rapport/contracts';
import { generatePeople, meanRecordsPerPerson } from '@rapport/datagen';
import { createPool } from '@rapport/db';
import { loadConfig, postgresConfig, ConfigError } from '@rapport/service-kit';
import { nextTrainedVersion, samplePopulation, saveModelVersion } from '../matcher/matcher-models.ts';
import { serialiseEngineModel, trainEngineModel } from '../resolve/engine.ts';
import { parseInteger, type CommandIo } from './command-io.ts';

const trainConfig = z.object({ postgres: postgresConfig });

type TrainFlags = {
  generated?: number;
  sample: number;
  seed: number;
  region: string;
  version?: string;
  out?: string;
};

/**
 * `rapport train`: fits a match model without labels. On the live population by default (a seeded sample
 * of the matcher's source records, read from DATABASE_URL), stored as a new model version the matcher can
 * switch to (`rapport matcher use-model`); or on generated records (`--generated`), as the repository's
 * shipped default model is made. `--out` also writes the model's JSON to a file.
 */
export function trainCommand(io: CommandIo): Command {
  return new Command('train')
    .description(
      "fit a match model on a sample of the matcher's records (or on generated ones) and store it as a version",
    )
    .option(
      '--generated <records>',
      'train on this many generated records instead, written to --out only',
      parseInteger,
    )
    .option('--sample <n>', 'records to train on', parseInteger, 20_000)
    .option('--seed <n>', 'seed of the sample and of training', parseInteger, 1)
    .option('--region <code>', 'ISO 3166 region for phone numbers without a country code', 'GB')
    .option('--version <name>', 'version name (default: the next trained-<n>)')
    .option('--out <file>', 'also write the model JSON here')
    .action(async (flags: TrainFlags) => {
      if (flags.generated !== undefined) {
        if (flags.out === undefined) return io.fail('--generated writes a file: give --out');
        const records = generated(flags.generated, flags.seed);
        const json = serialiseEngineModel(
          trainEngineModel(records, { seed: flags.seed, region: flags.region }),
        );
        await writeFile(flags.out, json + '\n');
        io.stdout.write(
          `trained on ${records.length} generated records (seed ${flags.seed}) -> ${flags.out}\n`,
        );
        return;
      }
      let config: z.output<typeof trainConfig>;
      try {
        config = loadConfig(trainConfig, process.env);
      } catch (error) {
        if (error instanceof ConfigError) return io.fail(error.message);
        throw error;
      }
      const pool = createPool(config.postgres.url, { applicationName: 'rapport-train', max: 2 });
      try {
        const { records, population } = await samplePopulation(pool, flags.sample, flags.seed);
        if (records.length === 0) return io.fail('the matcher holds no records to train on');
        const json = serialiseEngineModel(
          trainEngineModel(records, { seed: flags.seed, region: flags.region }),
        );
        const version = flags.version ?? (await nextTrainedVersion(pool));
        const trainedOn = { source: 'population', sample: records.length, population, seed: flags.seed };
        if (!(await saveModelVersion(pool, version, json, trainedOn)))
          return io.fail(`model version ${version} exists already: versions are immutable, choose another`);
        if (flags.out !== undefined) await writeFile(flags.out, json + '\n');
        io.stdout.write(
          `${version}: trained on ${records.length} of ${population} records (seed ${flags.seed})\n`,
        );
      } finally {
        await pool.end();
      }
    });
}

/** The generator's records, seeded, about 1.9 per person. */
function generated(count: number, seed: number): PersonRecord[] {
  const people = Math.ceil(count / meanRecordsPerPerson()) + 100;
  return [...generatePeople({ seed, people, maxRecords: count })].map((g) => g.record);
}
