import { createReadStream } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import {
  addPurchase,
  DEFAULT_CONFIG,
  fitValueSnapshot,
  NO_PURCHASES,
  parseScoringConfig,
  type PurchaseDays,
  type ScoringConfig,
} from '@rapport/scoring-model';
import { InputError } from '../input/input-error.ts';
import { stageFiles } from '../output/staged-files.ts';
import type { CommandIo } from './command-io.ts';

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const AMOUNT = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** A calendar date as UTC epoch milliseconds, or undefined when there is no such day. */
function utcDay(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
    ? ms
    : undefined;
}

/**
 * Purchase histories from a CDNOW-style file: one purchase per line, whitespace-separated customer id,
 * date YYYYMMDD, quantity, amount (dollars and cents; negative for a refund). A first line that is not a
 * purchase is taken as a header.
 */
async function readHistories(
  file: string,
): Promise<{ histories: Map<string, PurchaseDays>; purchases: number }> {
  try {
    await access(file);
  } catch {
    throw new InputError('cannot read the file', { file });
  }
  const histories = new Map<string, PurchaseDays>();
  let purchases = 0;
  let line = 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const raw of lines) {
    line++;
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === '') continue;
    const [id, date = '', quantity = '', amount = ''] = fields;
    const ymd = DATE.exec(date);
    if (line === 1 && ymd === null) continue;
    const where = (field: string) => ({ file, line, field });
    if (fields.length !== 4)
      throw new InputError(`expected 4 fields, found ${fields.length}`, { file, line });
    const at = ymd === null ? undefined : utcDay(+ymd[1]!, +ymd[2]!, +ymd[3]!);
    if (at === undefined) throw new InputError(`"${date}" is not a date YYYYMMDD`, where('date'));
    if (!/^\d+$/.test(quantity))
      throw new InputError(`"${quantity}" is not a whole number`, where('quantity'));
    const money = AMOUNT.exec(amount);
    if (money === null) throw new InputError(`"${amount}" is not an amount such as 11.77`, where('amount'));
    const cents = Number(money[2]) * 100 + Number((money[3] ?? '').padEnd(2, '0'));
    const history = histories.get(id!) ?? NO_PURCHASES;
    histories.set(
      id!,
      addPurchase(history, { at, amountMinor: cents, kind: money[1] ? 'refund' : 'purchase' }),
    );
    purchases++;
  }
  return { histories, purchases };
}

async function readConfig(file: string | undefined): Promise<ScoringConfig> {
  if (file === undefined) return DEFAULT_CONFIG;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`not a readable JSON file (${(error as Error).message})`, { file });
  }
  try {
    return parseScoringConfig(json);
  } catch (error) {
    const issue = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    if (issue === undefined) throw error;
    throw new InputError(issue.message, { file, field: issue.path.map(String).join('.') });
  }
}

const fixed = (x: number) => x.toFixed(4);

/**
 * `rapport fit-value`: the batch fit of the value model. Purchase histories in, a versioned parameter
 * snapshot out (BG/NBD and Gamma-Gamma by maximum likelihood, RFM quintiles, the CLV distribution), the
 * scoring service reads it as its population parameters.
 */
export function fitValueCommand(io: CommandIo): Command {
  return new Command('fit-value')
    .description('fit the value model (BG/NBD, Gamma-Gamma, RFM quintiles, CLV) to purchase histories')
    .argument('<file>', 'purchases, CDNOW style: customer id, date YYYYMMDD, quantity, amount per line')
    .requiredOption(
      '--as-of <date>',
      'end of the observation period, YYYY-MM-DD (later purchases are ignored)',
    )
    .requiredOption('--out <file>', 'where to write the snapshot (JSON)')
    .option('--snapshot-version <label>', 'snapshot version (default: value-<as-of>-<config version>)')
    .option('--config <file>', 'scoring configuration (JSON; default: the shipped configuration)')
    .action(
      async (
        file: string,
        flags: { asOf: string; out: string; snapshotVersion?: string; config?: string },
      ) => {
        const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(flags.asOf);
        const asOf = ymd === null ? undefined : utcDay(+ymd[1]!, +ymd[2]!, +ymd[3]!);
        if (asOf === undefined) {
          io.fail(`--as-of: "${flags.asOf}" is not a date YYYY-MM-DD`);
          return;
        }
        const config = await readConfig(flags.config);
        const { histories, purchases } = await readHistories(file);
        if (histories.size === 0) throw new InputError('no purchases', { file });
        let snapshot;
        try {
          snapshot = fitValueSnapshot(histories.values(), {
            asOf,
            config,
            ...(flags.snapshotVersion !== undefined && { version: flags.snapshotVersion }),
          });
        } catch (error) {
          if (error instanceof RangeError) throw new InputError(error.message, { file });
          throw error;
        }
        const staged = await stageFiles([flags.out]);
        try {
          await writeFile(staged.temp(flags.out), JSON.stringify(snapshot, null, 2) + '\n');
          await staged.commit();
        } catch (error) {
          await staged.abort();
          throw error;
        }
        const { bgNbd, gammaGamma, population } = snapshot;
        const p = bgNbd.params;
        io.stdout.write(
          `${purchases} purchases of ${population.customers} customers read; fitted to ${snapshot.asOf.slice(0, 10)}: ${population.purchasers} buyers, ${population.repeatCustomers} repeat buyers\n` +
            `BG/NBD      r ${fixed(p.r)}  alpha ${fixed(p.alpha)}  a ${fixed(p.a)}  b ${fixed(p.b)}  log-likelihood ${bgNbd.logLikelihood.toFixed(2)}\n` +
            (gammaGamma === null
              ? 'Gamma-Gamma not fitted (too few repeat buyers, or no finite mean spend)\n'
              : `Gamma-Gamma p ${fixed(gammaGamma.params.p)}  q ${fixed(gammaGamma.params.q)}  gamma ${fixed(gammaGamma.params.gamma / 100)} (currency units)  log-likelihood ${gammaGamma.logLikelihood.toFixed(2)}\n`) +
            `snapshot ${snapshot.version} -> ${flags.out}\n`,
        );
      },
    );
}
