import {
  fetchGroupOffsets,
  fetchPartitionCounts,
  partitionOf,
  type Logger,
  type OutgoingMessage,
  type RapportKafka,
  type TopicMessages,
  type TransactionalProducer,
} from '@rapport/kafka';
import { encodeBatchMetadata, judgeInDoubt, latestCommitted, rowsThatFit } from './committed-batch.ts';
import type { LockSession } from './lock-session.ts';
import type { RelayMetrics } from './metrics.ts';

export interface Row {
  id: string;
  topic: string;
  key: string;
  event_id: string;
  payload: string;
  headers: Record<string, string> | null;
}

// Per message: headers (the outbox id), lengths and offsets of Kafka's record format.
const MESSAGE_OVERHEAD_BYTES = 80;

/** Kafka failed: the batch in flight may or may not be committed, which recovery will find out. */
export class KafkaStep extends Error {
  constructor(cause: unknown) {
    super('kafka step failed', { cause });
  }
}

export interface BatchPublisherDeps {
  table: string;
  producer: TransactionalProducer;
  kafka: RapportKafka;
  relayId: string;
  /** The state is committed beside the first one's partition 0, and read back from all of them. */
  topics: readonly string[];
  batchSize: number;
  /** Payload bytes per partition of one transaction (Kafka's `message.max.bytes` per record batch). */
  maxBatchBytes: number;
  /** Payload bytes per transaction, all partitions together. */
  maxTransactionBytes: number;
  metrics: RelayMetrics;
  log: Logger;
  afterCommit: ((batch: { eventIds: readonly string[] }) => void | Promise<void>) | undefined;
}

/**
 * What the active relay does with the table and Kafka, on its lock session: settle the last committed batch
 * on taking over, read rows, publish a batch and delete it. When it runs, and who runs it, is the relay's.
 */
export function batchPublisher(deps: BatchPublisherDeps) {
  const { table, producer, kafka, relayId, topics, batchSize, metrics, log } = deps;
  const anchor = topics[0]!;
  // Read again at every recovery: a topic given more partitions makes kafkajs refuse nothing, but one
  // partition's share could pass the limit; Kafka then refuses the batch and the recovery reads the new count.
  let partitionCounts = new Map<string, number>();
  const partitionOfRow = (row: Row): string => {
    const count = partitionCounts.get(row.topic) ?? 0;
    // An unknown topic (not declared in `topics`): count all of its rows as one partition's.
    return count > 0 ? `${row.topic}/${partitionOf(row.key, count)}` : row.topic;
  };

  /** Fences older producers of the relay id, then settles the last batch they committed. */
  const recover = async (s: LockSession): Promise<number> => {
    let committed;
    try {
      await producer.init();
      partitionCounts = await fetchPartitionCounts(kafka, topics);
      committed = latestCommitted(await fetchGroupOffsets(kafka, relayId, topics));
    } catch (error) {
      throw new KafkaStep(error);
    }
    if (committed === undefined) {
      log.info({ outbox: table, seq: 0, alreadyPublished: 0 }, 'outbox relay recovered');
      return 0;
    }
    const { rows } = await s.query<{ id: string; event_id: string }>(
      `select id, event_id from "${table}" where id = any($1::bigint[])`,
      [committed.ids],
    );
    const verdict = judgeInDoubt(
      committed,
      rows.map((r) => ({ id: Number(r.id), eventId: r.event_id })),
    );
    if (verdict.kind === 'delete') {
      await s.query(`delete from "${table}" where id = any($1::bigint[])`, [verdict.ids]);
      metrics.recovered(verdict.ids.length);
    } else if (verdict.kind === 'mismatch') {
      log.warn(
        { outbox: table, seq: committed.seq, present: verdict.present, expected: verdict.expected },
        'outbox rows under the last committed batch ids differ from it; publishing them again',
      );
    }
    // alreadyPublished: the predecessor crashed between its Kafka commit and its delete.
    const alreadyPublished = verdict.kind === 'delete' ? verdict.ids.length : 0;
    log.info({ outbox: table, seq: committed.seq, alreadyPublished }, 'outbox relay recovered');
    return committed.seq;
  };

  /** The lowest committed rows, leaving out those of the batch still in flight. */
  const selectRows = async (s: LockSession, inFlight: readonly number[]): Promise<Row[]> =>
    (
      await s.query<Row>(
        `select id, topic, key, event_id, payload, headers from "${table}"
         where id <> all($2::bigint[]) order by id limit $1`,
        [batchSize, inFlight],
      )
    ).rows;

  /**
   * Sends `rows` (or the part of them the batch metadata can name) as batch `seq` and deletes them; the next
   * batch is read meanwhile, so that only the Kafka transaction and the delete are on the critical path.
   * Returns the rows read for the next batch.
   */
  const publishBatch = async (s: LockSession, rows: Row[], seq: number): Promise<Row[]> => {
    const started = performance.now();
    const refs = rows.map((r) => ({
      id: Number(r.id),
      eventId: r.event_id,
      // Near enough for a limit with headroom: JSON of events is mostly ASCII.
      bytes: r.payload.length + r.key.length + MESSAGE_OVERHEAD_BYTES,
      partition: partitionOfRow(r),
    }));
    const count = rowsThatFit(refs, {
      rows: batchSize,
      bytes: deps.maxTransactionBytes,
      partitionBytes: deps.maxBatchBytes,
    });
    const batch = refs.slice(0, count);
    const ids = batch.map((r) => r.id);

    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const row of rows.slice(0, count)) {
      let messages = byTopic.get(row.topic);
      if (!messages) byTopic.set(row.topic, (messages = []));
      messages.push({ key: row.key, value: row.payload, headers: { ...row.headers, 'outbox-id': row.id } });
    }
    const batches: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    s.takeWork();
    const next = selectRows(s, ids);
    next.catch(() => {}); // awaited below; a failure while Kafka fails is not worth a second report
    try {
      await producer.sendAtomically(batches, {
        groupId: relayId,
        topic: anchor,
        partition: 0,
        offset: String(seq),
        metadata: encodeBatchMetadata(batch),
      });
    } catch (error) {
      throw new KafkaStep(error);
    }
    await deps.afterCommit?.({ eventIds: batch.map((r) => r.eventId) });
    // Before the next batch is sent: recovery knows only the last committed batch, so at most one may be
    // published and still in the table.
    await s.query(`delete from "${table}" where id = any($1::bigint[])`, [ids]);

    const seconds = (performance.now() - started) / 1000;
    for (const { topic, messages } of batches) metrics.published(topic, messages.length);
    metrics.batch(seconds);
    log.debug(
      { outbox: table, rows: count, topics: batches.length, firstId: ids[0], seq, ms: seconds * 1000 },
      'outbox batch published',
    );
    return next;
  };

  return { recover, selectRows, publishBatch };
}
