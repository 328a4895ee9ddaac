// A batch handler as the matcher and scoring will write one: the whole batch in one Postgres
// transaction, idempotent by the message's id, resolving only after COMMIT.
import { withTransaction, type Pool } from '@rapport/db';
import { deadLetter, drop, ok, type ConsumedMessage, type Outcome, type RapportKafka } from '../src/index.ts';

export const storedSchema = `
  CREATE TABLE stored (
    id text PRIMARY KEY,
    partition int NOT NULL,
    "offset" bigint NOT NULL,
    -- a message with a negative amount fails the whole transaction: the poison of these tests
    amount int NOT NULL CHECK (amount >= 0),
    seq bigserial NOT NULL
  )`;

export interface Stored {
  id: string;
  partition: number;
  offset: string;
}

/** Messages whose value is `{ id, amount }` JSON; anything else is dead-lettered as `json_invalid`. */
export function storingHandler(
  pool: Pool,
  hooks: { afterCommit?: (messages: readonly ConsumedMessage[]) => void } = {},
): (messages: readonly ConsumedMessage[]) => Promise<Outcome[]> {
  return async (messages) => {
    const outcomes = await withTransaction(pool, async (client) => {
      const out: Outcome[] = [];
      for (const m of messages) {
        let body: { id: string; amount: number };
        try {
          body = JSON.parse(m.value?.toString('utf8') ?? '') as typeof body;
        } catch {
          out.push(deadLetter('json_invalid'));
          continue;
        }
        const inserted = await client.query(
          `INSERT INTO stored (id, partition, "offset", amount) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
          [body.id, m.partition, m.offset, body.amount],
        );
        out.push(inserted.rowCount === 1 ? ok() : drop('duplicate'));
      }
      return out;
    });
    hooks.afterCommit?.(messages);
    return outcomes;
  };
}

export async function storedRows(pool: Pool): Promise<Stored[]> {
  const { rows } = await pool.query<Stored>(
    `SELECT id, partition, "offset"::text AS offset FROM stored ORDER BY seq`,
  );
  return rows;
}

/** The group's committed offset per partition of `topic` (logical name), '-1' when none. */
export async function committedOffsets(
  kafka: RapportKafka,
  groupId: string,
  topic: string,
): Promise<Record<number, string>> {
  const admin = kafka.internal.admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [kafka.topicName(topic)] });
    return Object.fromEntries((result?.partitions ?? []).map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}

export const member = (id: string, amount = 1) => JSON.stringify({ id, amount });
