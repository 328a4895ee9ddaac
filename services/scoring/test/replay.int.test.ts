// Replays: the same topics into an empty database give identical scores and explanations (the state is a
// function of the events, not of the order partitions were read in or of how batches were cut), and the
// same events twice change nothing and publish nothing more.
import { createHash } from 'node:crypto';
import { createPool, type Pool } from '@rapport/db';
import { createTestDatabase, test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { population } from './population.ts';
import { startScoring, type Scoring } from './scoring-service.ts';

/** A digest of every score, explanation, post priority, record feature and identity snapshot. */
async function digest(pool: Pool): Promise<{ digest: string; customers: number; mentions: number }> {
  const queries = {
    scores: `select customer_id, identity_revision, record_ids, as_of, score, raw_band, rank, influencer_flag,
                    explanation from scoring_scores order by customer_id`,
    mentions: `select mention_id, record_id, customer_id, identity_revision, score, band, rank, urgency, explanation,
                      engagement, observed_at from scoring_mentions order by mention_id`,
    records: 'select record_id, features, erased from scoring_records order by record_id',
    customers: 'select customer_id, revision, record_ids from scoring_customers order by customer_id',
  };
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const [name, sql] of Object.entries(queries)) {
    const { rows } = await pool.query(sql);
    counts[name] = rows.length;
    hash.update(name).update(JSON.stringify(rows));
  }
  return { digest: hash.digest('hex'), customers: counts.scores!, mentions: counts.mentions! };
}

/** Messages this instance's consumer handled (its metrics), to show it took part. */
async function handled(s: Scoring): Promise<number> {
  const metric = await s.svc.deps.metrics.getSingleMetric('rapport_kafka_messages_total')?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

async function produceAll(s: Scoring): Promise<number> {
  let n = 0;
  for (const { topic, events } of population()) {
    await s.produce(topic, events);
    n += events.length;
  }
  return n;
}

describe('replay', () => {
  test('the same topics into an empty database give identical scores and explanations', async ({
    kafka,
    redis,
    db,
  }) => {
    const first = await startScoring({ kafka, redis, db });
    const other = await createTestDatabase();
    const pool = createPool(other.url, { max: 2 });
    let replay: Scoring | undefined;
    try {
      await produceAll(first);
      await first.settled();
      const original = await digest(db.pool);
      expect(original.customers).toBe(6);
      expect(original.mentions).toBe(5);

      // Another group reads the same topics from the start, in batches of 7, one partition at a time.
      const group = `${kafka.groupId}-replay`;
      replay = await startScoring(
        { kafka: { ...kafka, groupId: group }, redis, db: { url: other.url, pool } },
        { SCORING_MAX_BATCH: '7', SCORING_PARTITIONS_CONCURRENCY: '1' },
      );
      await replay.settled(group);
      expect(await digest(pool)).toEqual(original);
    } finally {
      await replay?.stop();
      await first.stop();
      await pool.end();
      await other.drop();
    }
  });

  test('two instances in one group give the scores one instance gives', async ({ kafka, redis, db }) => {
    const other = await createTestDatabase();
    const pool = createPool(other.url, { max: 2 });
    const aloneGroup = `${kafka.groupId}-alone`;
    const running: Scoring[] = [];
    try {
      const alone = await startScoring({
        kafka: { ...kafka, groupId: aloneGroup },
        redis,
        db: { url: other.url, pool },
      });
      running.push(alone);
      // Two instances of one group share the partitions and one database, each with its two consumers (four
      // members); batches of 3 make them interleave.
      for (let i = 0; i < 2; i++)
        running.push(
          await startScoring({ kafka, redis, db }, { SCORING_MAX_BATCH: '3', SCORING_CONSUMERS: '2' }),
        );
      await running[1]!.members(4);
      await produceAll(alone);
      await alone.settled(aloneGroup);
      await running[1]!.settled();
      expect(await digest(db.pool)).toEqual(await digest(pool));
      for (const member of running.slice(1)) expect(await handled(member)).toBeGreaterThan(0);
    } finally {
      for (const s of running.reverse()) await s.stop();
      await pool.end();
      await other.drop();
    }
  });

  test('the same events again change nothing and publish nothing', async ({ kafka, redis, db }) => {
    const s = await startScoring({ kafka, redis, db });
    try {
      const produced = await produceAll(s);
      await s.settled();
      const before = await digest(db.pool);
      const published = { priorities: s.outputs.priorities.length, mentions: s.outputs.mentions.length };
      expect(published.mentions).toBeGreaterThanOrEqual(6);

      expect(await produceAll(s)).toBe(produced);
      await s.settled();
      expect(await digest(db.pool)).toEqual(before);
      expect({ priorities: s.outputs.priorities.length, mentions: s.outputs.mentions.length }).toEqual(
        published,
      );
      // Every event was published once: no event id twice.
      const ids = [...s.outputs.priorities, ...s.outputs.mentions].map((e) => e.eventId);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await s.stop();
    }
  });
});
