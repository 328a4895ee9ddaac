import type { Pool } from '@rapport/db';
import type { Redis } from '@rapport/redis';

// The trained models: their frequency tables count values over the training set (generated people for
// the shipped model and the tests' model), never a record that was resolved.
const NOT_RECORDS = new Set(['public.matcher_models']);

/**
 * Every place a value of an erased person could be left: each row of each table of the database (as
 * JSON text, so every column is read) but the models, and each key and value under a Redis prefix.
 * Answers the findings as `table: value` and `redis <key>: value`, case-insensitively.
 */
export async function findErased(
  pool: Pool,
  redis: { client: Redis; prefix: string },
  values: readonly string[],
): Promise<string[]> {
  const wanted = values.map((v) => v.toLowerCase());
  const found: string[] = [];
  const { rows: tables } = await pool.query<{ name: string }>(
    `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
       from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')
        and table_type = 'BASE TABLE'`,
  );
  for (const { name } of tables) {
    if (NOT_RECORDS.has(name)) continue;
    const { rows } = await pool.query<{ row: string }>(`select row_to_json(t)::text as row from ${name} t`);
    for (const { row } of rows)
      for (const v of wanted) if (row.toLowerCase().includes(v)) found.push(`${name}: ${v}`);
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.client.scan(cursor, 'MATCH', `${redis.prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const value = JSON.stringify(await valueOf(redis.client, key));
      for (const v of wanted)
        if (`${key} ${value}`.toLowerCase().includes(v)) found.push(`redis ${key}: ${v}`);
    }
  } while (cursor !== '0');
  return [...new Set(found)].sort();
}

async function valueOf(redis: Redis, key: string): Promise<unknown> {
  switch (await redis.type(key)) {
    case 'string':
      return redis.get(key);
    case 'hash':
      return redis.hgetall(key);
    case 'list':
      return redis.lrange(key, 0, -1);
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, 0, -1);
    default:
      return redis.xrange(key, '-', '+');
  }
}
