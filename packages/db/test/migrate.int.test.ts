import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import {
  createPool,
  migrate,
  MigrationChanged,
  MigrationFailed,
  pingPool,
  withTransaction,
} from '../src/index.ts';

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rapport-migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return dir;
}

const twoFiles = {
  '001_customers.sql': 'create table customers (id text primary key, name text);',
  '002_customer_index.sql':
    "create index customers_name on customers (name);\ninsert into customers values ('c1', 'n');",
};

describe('migrate', () => {
  test('applies in order, then applies nothing the second time', async ({ db }) => {
    const dir = await migrationsDir(twoFiles);
    expect(await migrate(db.pool, { dir, owner: 'matcher' })).toEqual([
      { version: 1, name: 'customers' },
      { version: 2, name: 'customer_index' },
    ]);
    expect(await migrate(db.pool, { dir, owner: 'matcher' })).toEqual([]);
    const { rows } = await db.pool.query(
      'select owner, version, name, length(checksum) as len from schema_migrations order by version',
    );
    expect(rows).toEqual([
      { owner: 'matcher', version: 1, name: 'customers', len: 64 },
      { owner: 'matcher', version: 2, name: 'customer_index', len: 64 },
    ]);
    // A later file is picked up on the next run.
    await writeFile(join(dir, '003_more.sql'), 'alter table customers add column email text;');
    expect(await migrate(db.pool, { dir, owner: 'matcher' })).toEqual([{ version: 3, name: 'more' }]);
  });

  test('two processes at once: both succeed, each file applied once', async ({ db }) => {
    const dir = await migrationsDir({
      ...twoFiles,
      // Slow enough that the two runs overlap.
      '003_slow.sql': 'select pg_sleep(0.3); create table slow (id int);',
    });
    const a = createPool(db.url);
    const b = createPool(db.url);
    try {
      const [ra, rb] = await Promise.all([
        migrate(a, { dir, owner: 'scoring' }),
        migrate(b, { dir, owner: 'scoring' }),
      ]);
      expect([...ra, ...rb].map((m) => m.version).sort()).toEqual([1, 2, 3]);
      expect([ra.length, rb.length].sort()).toEqual([0, 3]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const { rows } = await db.pool.query('select count(*)::int as n from customers');
    expect(rows[0].n).toBe(1);
  });

  test('owners are independent', async ({ db }) => {
    const first = await migrationsDir({ '001_a.sql': 'create table a (id int);' });
    const second = await migrationsDir({ '001_b.sql': 'create table b (id int);' });
    expect(await migrate(db.pool, { dir: first, owner: 'ingest-crm' })).toHaveLength(1);
    expect(await migrate(db.pool, { dir: second, owner: 'ingest-social' })).toHaveLength(1);
  });

  test('refuses when an applied file changed', async ({ db }) => {
    const dir = await migrationsDir(twoFiles);
    await migrate(db.pool, { dir, owner: 'matcher' });
    await writeFile(
      join(dir, '001_customers.sql'),
      'create table customers (id text primary key, name text, x int);',
    );
    await writeFile(join(dir, '003_next.sql'), 'create table next (id int);');
    await expect(migrate(db.pool, { dir, owner: 'matcher' })).rejects.toBeInstanceOf(MigrationChanged);
    const { rows } = await db.pool.query("select to_regclass('next') as t");
    expect(rows[0].t).toBeNull();
  });

  test('a failing migration rolls back and records nothing', async ({ db }) => {
    const dir = await migrationsDir({
      '001_ok.sql': 'create table ok (id int);',
      '002_broken.sql': 'create table half (id int);\nselect * from no_such_table;',
      '003_never.sql': 'create table never (id int);',
    });
    const error = await migrate(db.pool, { dir, owner: 'matcher' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailed);
    expect((error as MigrationFailed).version).toBe(2);
    const { rows } = await db.pool.query(
      "select to_regclass('ok') as ok, to_regclass('half') as half, to_regclass('never') as never",
    );
    expect(rows[0]).toEqual({ ok: 'ok', half: null, never: null });
    const recorded = await db.pool.query('select version from schema_migrations');
    expect(recorded.rows).toEqual([{ version: 1 }]);
    // After the fix, the run continues from where it stopped.
    await writeFile(join(dir, '002_broken.sql'), 'create table half (id int);');
    expect((await migrate(db.pool, { dir, owner: 'matcher' })).map((m) => m.version)).toEqual([2, 3]);
  });
});

describe('pool helpers', () => {
  test('withTransaction commits, rolls back on throw, and releases the client', async ({ db }) => {
    const pool = createPool(db.url, { max: 1 });
    try {
      await pool.query('create table t (v int)');
      await withTransaction(pool, async (c) => c.query('insert into t values (1)'));
      await expect(
        withTransaction(pool, async (c) => {
          await c.query('insert into t values (2)');
          throw new Error('nope');
        }),
      ).rejects.toThrow('nope');
      // max: 1 — this would hang if a client had leaked.
      const { rows } = await pool.query('select v from t order by v');
      expect(rows).toEqual([{ v: 1 }]);
      await pingPool(pool);
    } finally {
      await pool.end();
    }
  });
});
