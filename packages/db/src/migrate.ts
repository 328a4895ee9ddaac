import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { MigrationChanged, MigrationFailed, MigrationFileInvalid } from './errors.ts';

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  version: number;
  name: string;
}

export interface MigrateOptions {
  /** The service's `migrations/` directory. */
  dir: string;
  /** Who owns these migrations (the service name); several owners share one `schema_migrations` table. */
  owner: string;
  logger?: { info(obj: object, msg?: string): void };
}

const fileName = /^(\d+)_([a-z0-9][a-z0-9_-]*)\.sql$/i;

// Advisory lock keys: the two-int form, with this constant as the "class" so no other lock user collides.
const lockClass = 0x5241_5050; // "RAPP"
const tableLockObject = 0;

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const file of names) {
    const match = fileName.exec(file);
    if (!match) throw new MigrationFileInvalid(`${file} in ${dir}: migration files are named NNN_name.sql`);
    const sql = await readFile(join(dir, file), 'utf8');
    files.push({
      version: Number(match[1]),
      name: match[2]!,
      file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  files.sort((a, b) => a.version - b.version);
  for (let i = 1; i < files.length; i++) {
    if (files[i]!.version === files[i - 1]!.version) {
      throw new MigrationFileInvalid(
        `${files[i - 1]!.file} and ${files[i]!.file} share version ${files[i]!.version}`,
      );
    }
  }
  return files;
}

/**
 * Apply the owner's pending migrations in version order, each in its own transaction together with its row
 * in `schema_migrations`. A session advisory lock keyed by owner makes concurrent runs (two replicas starting)
 * take turns: the second finds everything applied. Returns what this call applied.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions): Promise<AppliedMigration[]> {
  const files = await readMigrations(options.dir);
  const client = await pool.connect();
  const ownerKey = ownerLockKey(options.owner);
  let locked = false;
  let broken: Error | undefined;
  try {
    await ensureTable(client);
    await client.query('select pg_advisory_lock($1, $2)', [lockClass, ownerKey]);
    locked = true;

    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from schema_migrations where owner = $1 order by version',
      [options.owner],
    );
    const byVersion = new Map(files.map((f) => [f.version, f]));
    for (const row of rows) {
      const file = byVersion.get(row.version);
      if (!file)
        throw new MigrationChanged(options.owner, row.version, row.name, 'was applied but its file is gone');
      if (file.checksum !== row.checksum)
        throw new MigrationChanged(options.owner, row.version, row.name, 'changed after it was applied');
    }

    const done = new Set(rows.map((r) => r.version));
    const applied: AppliedMigration[] = [];
    for (const file of files) {
      if (done.has(file.version)) continue;
      try {
        await client.query('BEGIN');
        // Simple query protocol (no parameters): a file may hold many statements.
        await client.query(file.sql);
        await client.query(
          'insert into schema_migrations (owner, version, name, checksum) values ($1, $2, $3, $4)',
          [options.owner, file.version, file.name, file.checksum],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw new MigrationFailed(options.owner, file.version, file.name, error);
      }
      applied.push({ version: file.version, name: file.name });
      options.logger?.info(
        { owner: options.owner, version: file.version, name: file.name },
        'migration applied',
      );
    }
    return applied;
  } finally {
    if (locked && !broken)
      await client.query('select pg_advisory_unlock($1, $2)', [lockClass, ownerKey]).catch(() => {});
    // A client whose state is unknown is destroyed; its session lock goes with it.
    client.release(broken);
  }
}

async function ensureTable(client: pg.PoolClient): Promise<void> {
  // CREATE TABLE IF NOT EXISTS still races between sessions (duplicate pg_type row), so creation is serialised.
  await client.query('BEGIN');
  try {
    await client.query('select pg_advisory_xact_lock($1, $2)', [lockClass, tableLockObject]);
    await client.query(`
      create table if not exists schema_migrations (
        owner text not null,
        version integer not null,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now(),
        primary key (owner, version)
      )`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** A stable 31-bit key per owner, never 0 (reserved for the table lock). */
function ownerLockKey(owner: string): number {
  const digest = createHash('sha256').update(owner).digest();
  return digest.readUInt32BE(0) & 0x7fff_ffff || 1;
}
