import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseValueSnapshot } from '@rapport/scoring-model';
import { InputError } from '../input/input-error.ts';
import { buildProgram } from '../program.ts';

const dir = mkdtempSync(join(tmpdir(), 'rapport-fit-value-'));

async function run(args: string[]) {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const failures: string[] = [];
  const io = { stdout, stderr: process.stderr, fail: (m: string) => failures.push(m) };
  await buildProgram(io).parseAsync(['node', 'rapport', 'fit-value', ...args]);
  return { out, failures };
}

/** 300 customers, CDNOW style, with a header: some buy once, some every few weeks until they stop. */
function purchasesFile(): string {
  const lines = ['customer_id date number_of_cds dollar_value'];
  for (let c = 1; c <= 300; c++) {
    const start = Date.UTC(2025, 0, 1 + (c % 90));
    const count = 1 + ((c * 7) % 11) * (c % 3 === 0 ? 0 : 1);
    const gapDays = 5 + ((c * 13) % 60);
    for (let k = 0; k < count; k++) {
      const d = new Date(start + k * gapDays * 86_400_000);
      const date = d.toISOString().slice(0, 10).replaceAll('-', '');
      lines.push(
        `${String(c).padStart(5, '0')} ${date}  ${1 + (k % 3)}   ${(9.99 + ((c * k) % 40)).toFixed(2)}`,
      );
    }
  }
  const file = join(dir, 'purchases.txt');
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  return file;
}

// Each test fits a model: allow for a loaded machine.
describe('rapport fit-value', { timeout: 30_000 }, () => {
  it('fits a snapshot from a CDNOW-style file and writes it as versioned JSON', async () => {
    const out = join(dir, 'snapshot.json');
    const result = await run([
      purchasesFile(),
      '--as-of',
      '2025-09-30',
      '--out',
      out,
      '--snapshot-version',
      'v-test',
    ]);
    expect(result.failures).toEqual([]);
    const snapshot = parseValueSnapshot(readFileSync(out, 'utf8'));
    expect(snapshot.version).toBe('v-test');
    expect(snapshot.asOf).toBe('2025-09-30T00:00:00.000Z');
    expect(snapshot.population.customers).toBe(300);
    expect(snapshot.bgNbd.customers).toBe(300);
    expect(result.out).toContain(`BG/NBD      r ${snapshot.bgNbd.params.r.toFixed(4)}`);
    expect(result.out).toContain('snapshot v-test ->');
  });

  it('names the line and field of bad input and writes nothing', async () => {
    const file = join(dir, 'bad.txt');
    writeFileSync(file, '00001 19970101 1 11.77\n00002 19970231 1 12.00\n');
    const out = join(dir, 'bad.json');
    await expect(run([file, '--as-of', '1997-09-30', '--out', out])).rejects.toThrow(
      new InputError('"19970231" is not a date YYYYMMDD', { file, line: 2, field: 'date' }),
    );
    writeFileSync(file, '00001 19970101 1 11.7x\n');
    await expect(run([file, '--as-of', '1997-09-30', '--out', out])).rejects.toThrow(
      `${file}:1: field amount:`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a malformed --as-of and a configuration that breaks its schema', async () => {
    const file = purchasesFile();
    const out = join(dir, 'never.json');
    expect((await run([file, '--as-of', '2025-13-01', '--out', out])).failures).toEqual([
      '--as-of: "2025-13-01" is not a date YYYY-MM-DD',
    ]);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ version: 'x' }));
    await expect(run([file, '--as-of', '2025-09-30', '--out', out, '--config', config])).rejects.toThrow(
      `${config}: field tiers:`,
    );
    expect(existsSync(out)).toBe(false);
  });
});
