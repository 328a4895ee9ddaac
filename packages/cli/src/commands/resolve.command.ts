import { basename, extname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError } from '../input/input-error.ts';
import { DEFAULT_MISSING_VALUES, TARGET_LIST } from '../input/mapping.ts';
import type { InputFormat } from '../input/read-records.ts';
import { createProgress } from '../output/progress.ts';
import { engineSettings } from '../resolve/engine-settings.ts';
import type { EngineSettings } from '../resolve/engine.ts';
import { runResolve } from '../resolve/run-resolve.ts';
import { parseInteger, type CommandIo } from './command-io.ts';

const FORMAT_OF_EXTENSION: Record<string, InputFormat> = {
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

/** The format the files' extension names; all files must agree. */
export function inferFormat(files: string[]): InputFormat {
  const formats = new Set(files.map((f) => FORMAT_OF_EXTENSION[extname(f).toLowerCase()]));
  const [only] = formats;
  if (formats.size !== 1 || only === undefined)
    throw new InputError(
      `cannot tell the format from the file names (${files.map((f) => basename(f)).join(', ')}): give --format csv or ndjson`,
      { code: 'invalid_input' },
    );
  return only;
}

/** Where results go without --out: beside the working directory, named after the first input file. */
export function defaultOutDir(files: string[]): string {
  const first = files[0] ?? 'input';
  return `${basename(first, extname(first))}-resolved`;
}

function parseProbability(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('not a probability between 0 and 1');
  return n;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('not a positive integer');
  return n;
}

const TARGETS_HELP = `
Mapping targets (PersonRecord fields; --mapping "target=column,..." or a JSON file, see packages/cli/examples):
  ${TARGET_LIST.join(', ')}
  Several columns: email, phone, mobile, landline, crmId, card and handle targets take each as one more value;
  givenName, middleName, familyName, fullName, address.line1/2 and attribute:<name> join them with a space;
  birthDate takes one column, or three read as year, month and day.
  attribute:<name> compares an extra column (gender, occupation, birthplace) by the kind the mapping file's
  "attributes" names: exact (default), edit-distance, jaro-winkler, numeric or date, with "close" and "far" bounds.
Missing values: empty, and ${DEFAULT_MISSING_VALUES.join(' ')} unless --missing-values or the mapping says otherwise.
Thresholds (label-free defaults): link at match probability 0.5 (the Bayes decision under the model's own prior);
  a pair without personal evidence (a birth date, an identifier, its own contact) links from 0.99 when its given
  names agree; review from 0.05.`;

export function resolveCommand(io: CommandIo): Command {
  return new Command('resolve')
    .description(
      'resolve a batch file: who is the same person? writes clusters.csv, review.csv, summary.json',
    )
    .argument('<files...>', 'input files (all resolved together, in the same format and mapping)')
    .addOption(
      new Option('--format <format>', 'input format (default: from the file extension)').choices([
        'csv',
        'ndjson',
      ]),
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
    .option('--missing-values <list>', 'comma-separated values that mean missing (replaces the defaults)')
    .option('--model <file>', 'use a saved model instead of training one')
    .option('--train', 'train a model on the input (the default when --model is not given)')
    .option('--seed <n>', 'seed for training', parseInteger, 1)
    .option(
      '--region <code>',
      'ISO 3166 region of phone numbers without a country code, when training (e.g. GB, AU)',
    )
    .option('--save-model <file>', 'save the model used')
    .option('--config <file>', 'thresholds and guards as JSON (the keys of the flags below, in camelCase)')
    .option(
      '--link-probability <p>',
      'link at this match probability or above (default 0.5)',
      parseProbability,
    )
    .option(
      '--strong-link-probability <p>',
      'link a pair without personal evidence from this probability (default 0.99)',
      parseProbability,
    )
    .option(
      '--review-probability <p>',
      'send pairs from this probability to review (default 0.05)',
      parseProbability,
    )
    .option(
      '--max-cluster-size <n>',
      'links that would grow a cluster past this go to review (default 50)',
      parseCount,
    )
    .option(
      '--max-people-per-identifier <n>',
      'an email or phone of more distinct people is no evidence (default 6)',
      parseCount,
    )
    .option(
      '--max-block-size <n>',
      'blocks larger than this are not compared inside (default 200)',
      parseCount,
    )
    .option('--out <dir>', 'output directory (default: <first file name>-resolved)')
    .option('--progress', 'show progress even when stderr is not a terminal')
    .addHelpText('after', TARGETS_HELP)
    .action(async (files: string[], flags: Record<string, unknown>) => {
      if (flags.model !== undefined && flags.train === true) {
        io.fail('--model and --train exclude each other');
        return;
      }
      const fromFlags: EngineSettings = {
        ...(flags.linkProbability !== undefined && { linkProbability: flags.linkProbability as number }),
        ...(flags.strongLinkProbability !== undefined && {
          strongLinkProbability: flags.strongLinkProbability as number,
        }),
        ...(flags.reviewProbability !== undefined && {
          reviewProbability: flags.reviewProbability as number,
        }),
        ...(flags.maxClusterSize !== undefined && { maxClusterSize: flags.maxClusterSize as number }),
        ...(flags.maxPeoplePerIdentifier !== undefined && {
          maxPeoplePerIdentifier: flags.maxPeoplePerIdentifier as number,
        }),
        ...(flags.maxBlockSize !== undefined && { maxBlockSize: flags.maxBlockSize as number }),
      };
      const engine = engineSettings(flags.config as string | undefined, fromFlags);
      const format = (flags.format as InputFormat | undefined) ?? inferFormat(files);
      const outDir = (flags.out as string | undefined) ?? defaultOutDir(files);
      const progress = createProgress(flags.progress === true || io.stderr.isTTY === true, io.stderr);
      const summary = await runResolve(
        {
          files,
          format,
          mapping: flags.mapping as string | undefined,
          mappingOverrides: {
            ...(flags.source !== undefined && { source: flags.source as string }),
            ...(flags.dateFormat !== undefined && { birthDateFormat: flags.dateFormat as string }),
            ...(flags.onInvalid !== undefined && { onInvalid: flags.onInvalid as string }),
            ...(flags.missingValues !== undefined && {
              missingValues: (flags.missingValues as string).split(',').map((v) => v.trim()),
            }),
          },
          model: flags.model as string | undefined,
          seed: flags.seed as number,
          ...(flags.region !== undefined && { region: flags.region as string }),
          saveModel: flags.saveModel as string | undefined,
          outDir,
          engine,
        },
        progress,
      );
      const dropped = Object.entries(summary.droppedValues);
      io.stdout.write(
        `${summary.records} records -> ${summary.clusters} clusters (${summary.multiRecordClusters} with several records), ` +
          `${summary.reviewPairs} pairs to review, ${summary.seconds.total} s. Results in ${outDir}\n`,
      );
      if (dropped.length > 0) {
        io.stderr.write(`dropped malformed values: ${dropped.map(([c, n]) => `${c} ${n}`).join(', ')}\n`);
      }
    });
}
