import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PrivateServerFailed } from './errors.ts';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** Superuser `postgres`, trust auth, database `postgres`. */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown: open connections are cut, as in an outage. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop and delete the cluster's files. */
  destroy(): Promise<void>;
}

/** PG binaries: POSTGRES_BIN_DIR, else the newest /usr/lib/postgresql/<major>/bin (Debian layout). */
function binDir(): string {
  const fromEnv = process.env.POSTGRES_BIN_DIR;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const dir = majors.map((m) => join(root, m, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  if (!dir)
    throw new PrivateServerFailed(
      'startPrivatePostgres: no PostgreSQL binaries under /usr/lib/postgresql; set POSTGRES_BIN_DIR',
    );
  return dir;
}

/**
 * A throwaway PostgreSQL cluster on a free port, for tests that must stop the database without disturbing
 * the others (about 1 s to create). initdb refuses to run as root, so as root it runs as `postgres`.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const asRoot = userInfo().uid === 0;
  const base = await mkdtemp(join(tmpdir(), 'rapport-pg-'));
  const dataDir = join(base, 'data');
  const port = await freePort();

  const exec = async (tool: string, args: string[]): Promise<void> => {
    const file = join(bin, tool);
    try {
      if (asRoot) await run('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: base });
      else await run(file, args, { cwd: base });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new PrivateServerFailed(`${tool} failed: ${(e.stderr || e.message).trim()}`, error);
    }
  };

  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(base, Number(stdout.trim()), Number(gid.trim()));
  }
  await exec('initdb', [
    '-D',
    dataDir,
    '--no-sync',
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);

  // The socket goes in the cluster's own directory: /var/run/postgresql may be absent or owned by another cluster.
  const serverOptions = [
    `-p ${port}`,
    `-k ${base}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=50',
  ].join(' ');

  let running = false;
  const start = async (): Promise<void> => {
    if (running) return;
    await exec('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      serverOptions,
      '-l',
      join(base, 'postgres.log'),
      '-w',
      '-t',
      '30',
      'start',
    ]);
    running = true;
  };
  const stop = async (): Promise<void> => {
    if (!running) return;
    await exec('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
    running = false;
  };

  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop().catch(() => {});
      await rm(base, { recursive: true, force: true });
    },
  };
}
