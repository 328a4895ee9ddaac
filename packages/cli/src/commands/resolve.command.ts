import { Command, Option } from 'commander';
import { createProgress } from '../output/progress.ts';
import { runResolve } from '../resolve/run-resolve.ts';
import { parseInteger, type CommandIo } from './command-io.ts';

export function resolveCommand(io: CommandIo): Command {
  return new Command('resolve')
    .description(
      'resolve a batch file: who is the same person? writes clusters.csv, review.csv, summary.json',
    )
    .argument('<files...>', 'input files (all resolved together, in the same format and mapping)')
    .addOption(
      new Option('--format <format>', 'input format').choices(['csv', 'ndjson']).makeOptionMandatory(),
    )
    .option(
      '--mapping <mapping>',
      'columns to PersonRecord fields: a JSON file, or inline "givenName=first,familyName=last,email=mail"',
    )
    .option('--source <label>', "source label of the records (default: the mapping's, else the file name)")
    .option('--date-format <format>', 'birth date format: YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY, MM/DD/YYYY')
    .addOption(
      new Option('--on-invalid <what>', 'a malformed value: fail the run, or drop the value').choices([
        'fail',
        'drop',
      ]),
    )
    .option('--model <file>', 'use a saved model instead of training one')
    .option('--train', 'train a model on the input (the default when --model is not given)')
    .option('--seed <n>', 'seed for training', parseInteger, 1)
    .option(
      '--region <code>',
      'ISO 3166 region of phone numbers without a country code, when training (e.g. GB, AU)',
    )
    .option('--save-model <file>', 'save the model used')
    .requiredOption('--out <dir>', 'output directory')
    .option('--progress', 'show progress even when stderr is not a terminal')
    .action(async (files: string[], flags: Record<string, unknown>) => {
      if (flags.model !== undefined && flags.train === true) {
        io.fail('--model and --train exclude each other');
        return;
      }
      const progress = createProgress(flags.progress === true || io.stderr.isTTY === true, io.stderr);
      const summary = await runResolve(
        {
          files,
          format: flags.format as 'csv' | 'ndjson',
          mapping: flags.mapping as string | undefined,
          mappingOverrides: {
            ...(flags.source !== undefined && { source: flags.source as string }),
            ...(flags.dateFormat !== undefined && { birthDateFormat: flags.dateFormat as string }),
            ...(flags.onInvalid !== undefined && { onInvalid: flags.onInvalid as string }),
          },
          model: flags.model as string | undefined,
          seed: flags.seed as number,
          ...(flags.region !== undefined && { region: flags.region as string }),
          saveModel: flags.saveModel as string | undefined,
          outDir: flags.out as string,
        },
        progress,
      );
      const dropped = Object.entries(summary.droppedValues);
      io.stdout.write(
        `${summary.records} records -> ${summary.clusters} clusters (${summary.multiRecordClusters} with several records), ` +
          `${summary.reviewPairs} pairs to review, ${summary.seconds.total} s. Results in ${flags.out as string}\n`,
      );
      if (dropped.length > 0) {
        io.stderr.write(`dropped malformed values: ${dropped.map(([c, n]) => `${c} ${n}`).join(', ')}\n`);
      }
    });
}
