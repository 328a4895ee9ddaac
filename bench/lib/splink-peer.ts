/**
 * Runs the Splink peer (bench/peer/splink_peer.py) on one data set in a private Python environment that
 * bench/peer/splink-env.sh creates under .rapport/, and reads back its blocked pairs and clusters.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvRows } from '@rapport/cli';

const PEER = join(dirname(fileURLToPath(import.meta.url)), '..', 'peer');

export interface PeerRun {
  assignments: Map<string, string>;
  /** Every pair the peer's blocking generated, with its match probability. */
  pairs: { a: string; b: string; p: number }[];
  seconds: number;
}

let python: string | undefined;

function pythonOfPeer(): string {
  python ??= execFileSync('bash', [join(PEER, 'splink-env.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop()!;
  return python;
}

async function readRows(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  let header = true;
  for await (const row of readCsvRows(file)) {
    if (header) header = false;
    else rows.push(row.values);
  }
  return rows;
}

export async function runSplink(dataset: string, files: string[]): Promise<PeerRun> {
  const out = mkdtempSync(join(tmpdir(), 'rapport-splink-'));
  try {
    const stdout = execFileSync(pythonOfPeer(), [join(PEER, 'splink_peer.py'), dataset, out, ...files], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const times = JSON.parse(stdout.trim().split('\n').pop()!) as {
      train_seconds: number;
      resolve_seconds: number;
    };
    const assignments = new Map((await readRows(join(out, 'clusters.csv'))).map(([id, c]) => [id!, c!]));
    const pairs = (await readRows(join(out, 'pairs.csv'))).map(([a, b, p]) => ({
      a: a!,
      b: b!,
      p: Number(p),
    }));
    return { assignments, pairs, seconds: times.train_seconds + times.resolve_seconds };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
