import { createRandom } from '../random/random.ts';
import { windowShuffle } from '../random/window-shuffle.ts';
import { CENSUS_COLUMNS, censusRows } from './census-register.ts';
import { GERMAN_COLUMNS, germanRows } from './german-register.ts';
import { HISTORICAL_COLUMNS, historicalRows } from './historical-register.ts';
import type { ProfileRows, RegisterRow } from './register-row.ts';

/**
 * Register files unlike the generator's customer records, to check that the engine's fixes hold beyond
 * the files it was measured on: `historical` (about ten records per person, a full-name column with titles
 * and several given names, dates back to 1550, a third written as 1 January for a known year, most fields
 * missing), `german` (German names and spellings, the birth date in year, month and day columns, households,
 * "NA" for missing) and `census` (households with a landline, surnames changed at marriage, moves,
 * nicknames and middle names, dates written day first).
 */
export type RegisterProfile = 'historical' | 'german' | 'census';

export interface RegisterOptions {
  seed: number;
  profile: RegisterProfile;
  /** How many true people to draw. */
  people: number;
  /** Records of one person are shuffled within a window of this many rows (default 2000; 0: in order). */
  shuffleWindow?: number;
}

const PROFILES: Record<RegisterProfile, { columns: readonly string[]; rows: ProfileRows; idColumn: string }> =
  {
    historical: { columns: HISTORICAL_COLUMNS, rows: historicalRows, idColumn: 'id' },
    german: { columns: GERMAN_COLUMNS, rows: germanRows, idColumn: 'id' },
    census: { columns: CENSUS_COLUMNS, rows: censusRows, idColumn: 'record_id' },
  };

/** The columns of a profile's file, in order (the first is the record id). */
export function registerColumns(profile: RegisterProfile): readonly string[] {
  return PROFILES[profile].columns;
}

/**
 * Rows with their truth, lazily and seeded: the same options give the same rows in the same order. Record
 * ids are numbered in output order, so they say nothing about who is who.
 */
export function* generateRegister(options: RegisterOptions): Generator<RegisterRow> {
  if (!Number.isInteger(options.seed)) throw new RangeError('seed must be an integer');
  if (!Number.isInteger(options.people) || options.people < 0)
    throw new RangeError('people must be a non-negative integer');
  const profile = PROFILES[options.profile];
  const random = createRandom(options.seed).fork(options.profile);
  const rows = windowShuffle(
    random.fork('shuffle'),
    options.shuffleWindow ?? 2000,
    profile.rows(random, options.people),
  );
  let n = 0;
  for (const { row, personId } of rows) {
    n += 1;
    yield { personId, row: { [profile.idColumn]: `${options.profile}-${n}`, ...row } };
  }
}

/** One CSV line (RFC 4180: fields with a comma, quote or line break are quoted). */
export function csvLine(values: readonly string[]): string {
  return values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',');
}
