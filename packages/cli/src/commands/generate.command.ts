import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Command } from 'commander';
import { generatePeople } from '@rapport/datagen';
import { stageFiles } from '../output/staged-files.ts';
import { csvValue } from '../output/csv-writer.ts';
import { parseInteger, parseNonNegative, type CommandIo } from './command-io.ts';

export function generateCommand(io: CommandIo): Command {
  return new Command('generate')
    .description('write seeded synthetic person records (NDJSON PersonRecords) and their ground truth')
    .requiredOption('--seed <n>', 'seed: the same seed gives the same file', parseInteger)
    .requiredOption('--people <n>', 'how many true people to draw', parseInteger)
    .requiredOption('--out <file>', 'records file (.ndjson)')
    .option('--truth <file>', 'ground truth CSV record_id,person_id,household_id (default: <out>.truth.csv)')
    .option('--max-records <n>', 'stop after this many records', parseInteger)
    .option('--noise <x>', 'corruption level: 0 clean, 1 default, 2 very dirty', parseNonNegative)
    .action(
      async (flags: {
        seed: number;
        people: number;
        out: string;
        truth?: string;
        maxRecords?: number;
        noise?: number;
      }) => {
        const truthPath = flags.truth ?? flags.out.replace(/(\.ndjson|\.jsonl|\.json)?$/, '.truth.csv');
        const staged = await stageFiles([flags.out, truthPath]);
        try {
          const records = createWriteStream(staged.temp(flags.out));
          const truth = createWriteStream(staged.temp(truthPath));
          let recordBatch = '';
          let truthBatch = 'record_id,person_id,household_id\n';
          let count = 0;
          const generated = generatePeople({
            seed: flags.seed,
            people: flags.people,
            ...(flags.maxRecords !== undefined && { maxRecords: flags.maxRecords }),
            ...(flags.noise !== undefined && { noise: flags.noise }),
          });
          for (const { record, personId, householdId } of generated) {
            recordBatch += JSON.stringify(record) + '\n';
            truthBatch += `${csvValue(record.recordId)},${personId},${householdId}\n`;
            count += 1;
            if (recordBatch.length > 1 << 16) {
              const a = records.write(recordBatch);
              const b = truth.write(truthBatch);
              recordBatch = '';
              truthBatch = '';
              if (!a) await once(records, 'drain');
              if (!b) await once(truth, 'drain');
            }
          }
          records.end(recordBatch);
          truth.end(truthBatch);
          await Promise.all([finished(records), finished(truth)]);
          await staged.commit();
          io.stdout.write(
            `${count} records of ${flags.people} people -> ${flags.out}, truth -> ${truthPath}\n`,
          );
        } catch (error) {
          await staged.abort();
          throw error;
        }
      },
    );
}
