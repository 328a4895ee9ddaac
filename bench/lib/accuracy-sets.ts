/**
 * The labelled person files of `pnpm bench:accuracy` (see each folder's README under ../shared/data): their
 * files, the example mapping a data engineer would write for them, and their ground truth, which never
 * reaches the engine. Beside them, generated register files (seeded, written under .rapport/) that stress
 * what those files do not: many records per person, placeholder dates, split date columns, households.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvLine, generateRegister, registerColumns, type RegisterProfile } from '@rapport/datagen';
import { readCsvRows } from '@rapport/cli';

const DATA = process.env['RAPPORT_DATA_DIR'] ?? '/work/shared/data';

export interface AccuracySet {
  name: string;
  files: string[];
  /** Mapping file under packages/cli/examples. */
  mapping: string;
  /** The data set name the Splink peer script knows; none for generated files (Splink publishes no model for them). */
  splink?: string;
  /** Generated (not a public file): a check that causes were fixed generally, with no target. */
  generated?: boolean;
  /** record id -> true person. */
  truth: () => Promise<Map<string, string>>;
}

/** Febrl: rec-N-org and rec-N-dup-K are person N. */
async function febrlTruth(files: string[]): Promise<Map<string, string>> {
  const truth = new Map<string, string>();
  for (const file of files) {
    let header = true;
    for await (const row of readCsvRows(file)) {
      if (header) {
        header = false;
        continue;
      }
      const id = row.values[0]!.trim();
      const m = /^rec-(\d+)-/.exec(id);
      if (m === null) throw new Error(`${file}:${row.line}: unexpected Febrl id ${id}`);
      truth.set(id, m[1]!);
    }
  }
  return truth;
}

/** A file whose truth is a column (never mapped as an input). */
async function columnTruth(
  file: string,
  idColumn: string,
  truthColumn: string,
): Promise<Map<string, string>> {
  const truth = new Map<string, string>();
  let id = -1;
  let label = -1;
  for await (const row of readCsvRows(file)) {
    if (id < 0) {
      id = row.values.indexOf(idColumn);
      label = row.values.indexOf(truthColumn);
      continue;
    }
    truth.set(row.values[id]!, row.values[label]!);
  }
  return truth;
}

const GENERATED = join(dirname(fileURLToPath(import.meta.url)), '../../.rapport/bench-registers');
const REGISTER_SEED = 14;

/** A generated register file, written once per run; the truth comes from the generator, the file holds none. */
function registerSet(name: string, profile: RegisterProfile, people: number, mapping: string): AccuracySet {
  const file = join(GENERATED, `${name}.csv`);
  let truth: Map<string, string> | undefined;
  return {
    name,
    files: [file],
    mapping,
    generated: true,
    truth: () => {
      if (truth === undefined) {
        truth = new Map();
        const columns = registerColumns(profile);
        const lines = [csvLine(columns)];
        for (const { row, personId } of generateRegister({ seed: REGISTER_SEED, profile, people })) {
          lines.push(csvLine(columns.map((c) => row[c] ?? '')));
          truth.set(row[columns[0]!]!, personId);
        }
        mkdirSync(GENERATED, { recursive: true });
        writeFileSync(file, lines.join('\n') + '\n');
      }
      return Promise.resolve(truth);
    },
  };
}

const febrl4 = [join(DATA, 'febrl4/dataset4a.csv'), join(DATA, 'febrl4/dataset4b.csv')];
const febrl3 = [join(DATA, 'febrl3/dataset3.csv')];
const fake = join(DATA, 'fake_1000/fake_1000.csv');

export const ACCURACY_SETS: AccuracySet[] = [
  {
    name: 'febrl4',
    files: febrl4,
    mapping: 'febrl-mapping.json',
    splink: 'febrl4',
    truth: () => febrlTruth(febrl4),
  },
  {
    name: 'febrl4-without-id',
    files: febrl4,
    mapping: 'febrl-mapping-without-ssn.json',
    splink: 'febrl4-no-ssn',
    truth: () => febrlTruth(febrl4),
  },
  {
    name: 'febrl3',
    files: febrl3,
    mapping: 'febrl-mapping.json',
    splink: 'febrl3',
    truth: () => febrlTruth(febrl3),
  },
  {
    name: 'febrl3-without-id',
    files: febrl3,
    mapping: 'febrl-mapping-without-ssn.json',
    splink: 'febrl3-no-ssn',
    truth: () => febrlTruth(febrl3),
  },
  {
    name: 'fake_1000',
    files: [fake],
    mapping: 'fake-1000-mapping.json',
    splink: 'fake_1000',
    truth: () => columnTruth(fake, 'unique_id', 'cluster'),
  },
  registerSet('generated-historical', 'historical', 2_000, 'historical-register-mapping.json'),
  registerSet('generated-german', 'german', 10_000, 'german-register-mapping.json'),
  registerSet('generated-census', 'census', 10_000, 'census-mapping.json'),
];
