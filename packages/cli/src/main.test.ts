import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));

async function rapport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('rapport (spawned as a child process)', () => {
  it(
    'generates a file, resolves it and writes clusters, review pairs, summary and the model',
    { timeout: 120_000 },
    async () => {
      const data = join(dir, 'people.ndjson');
      const generated = await rapport(['generate', '--seed', '5', '--people', '400', '--out', data]);
      expect(generated.code).toBe(0);
      const truth = readFileSync(join(dir, 'people.truth.csv'), 'utf8').trim().split('\n');
      expect(truth[0]).toBe('record_id,person_id,household_id');

      const out = join(dir, 'out');
      const model = join(dir, 'model.json');
      const resolved = await rapport([
        'resolve',
        data,
        '--format',
        'ndjson',
        '--region',
        'GB',
        '--seed',
        '3',
        '--save-model',
        model,
        '--out',
        out,
      ]);
      expect(resolved.stderr).toBe('');
      expect(resolved.code).toBe(0);
      const clusters = readFileSync(join(out, 'clusters.csv'), 'utf8').trim().split('\n');
      expect(clusters[0]).toBe('record_id,cluster_id');
      expect(clusters).toHaveLength(truth.length);
      expect(readFileSync(join(out, 'review.csv'), 'utf8').split('\n')[0]).toBe(
        'record_id_a,record_id_b,weight,probability,reason',
      );
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        records: number;
        clusters: number;
      };
      expect(summary.records).toBe(truth.length - 1);
      expect(summary.clusters).toBeLessThan(summary.records);

      // The saved model resolves the same file to the same clusters.
      const again = join(dir, 'again');
      expect(
        (await rapport(['resolve', data, '--format', 'ndjson', '--model', model, '--out', again])).code,
      ).toBe(0);
      expect(readFileSync(join(again, 'clusters.csv'), 'utf8')).toBe(
        readFileSync(join(out, 'clusters.csv'), 'utf8'),
      );
    },
  );

  it(
    'stops on bad input with file, line and field, exit code 2 and nothing written',
    { timeout: 60_000 },
    async () => {
      const data = join(dir, 'bad.csv');
      writeFileSync(data, 'id,first,dob\r\n1,Ann,1980-01-02\r\n2,Bo,1980-02-30\r\n');
      const out = join(dir, 'bad-out');
      const result = await rapport([
        'resolve',
        data,
        '--format',
        'csv',
        '--mapping',
        'recordId=id,givenName=first,birthDate=dob',
        '--out',
        out,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(`${data}:3: field dob: "1980-02-30" has no day 30 in month 2`);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('exits 2 on usage errors', { timeout: 60_000 }, async () => {
    expect((await rapport(['resolve'])).code).toBe(2);
    expect((await rapport(['resolve', 'x.csv', '--out', join(dir, 'u')])).code).toBe(2);
    expect(
      (await rapport(['generate', '--seed', 'one', '--people', '1', '--out', join(dir, 'g.ndjson')])).code,
    ).toBe(2);
  });
});

describe('rapport resolve for data engineers', () => {
  it('lists every mapping target in its help', { timeout: 60_000 }, async () => {
    const help = await rapport(['resolve', '--help']);
    expect(help.code).toBe(0);
    for (const target of [
      'recordId',
      'birthDate',
      'address.postcode',
      'handle:<platform>',
      'attribute:<name>',
    ])
      expect(help.stdout).toContain(target);
    expect(help.stdout).toContain('jaro-winkler');
  });

  it(
    'infers the format from the extension, writes to a default directory, and takes thresholds from a config file',
    { timeout: 60_000 },
    async () => {
      const work = mkdtempSync(join(tmpdir(), 'rapport-de-'));
      const data = join(work, 'people.csv');
      writeFileSync(
        data,
        'id,first,last,born\n1,Ann,Lee,1980-01-02\n2,Ann,Lee,1980-01-02\n3,Bob,Ray,1950-05-06\n',
      );
      const config = join(work, 'rapport.json');
      writeFileSync(config, JSON.stringify({ linkProbability: 0.6, maxClusterSize: 10 }));
      const ok = await run(
        process.execPath,
        [
          MAIN,
          'resolve',
          data,
          '--mapping',
          'recordId=id,givenName=first,familyName=last,birthDate=born',
          '--config',
          config,
        ],
        { cwd: work },
      );
      expect(ok.stdout).toContain('people-resolved');
      expect(existsSync(join(work, 'people-resolved', 'clusters.csv'))).toBe(true);
      writeFileSync(config, JSON.stringify({ linkProbability: 0.3, reviewProbability: 0.4 }));
      const bad = await rapport([
        'resolve',
        data,
        '--mapping',
        'recordId=id',
        '--config',
        config,
        '--out',
        join(work, 'x'),
      ]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('review probability 0.4 is above the link probability 0.3');
      const unknown = await rapport(['resolve', join(work, 'people.txt'), '--mapping', 'recordId=id']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('give --format');
    },
  );
});
