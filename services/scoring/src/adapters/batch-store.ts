import { customerPriorityTopic, mentionPriorityTopic, type EventTopicDef } from '@rapport/contracts';
import type { z } from 'zod';
import type { ScoringStore } from '../use-cases/ports.ts';
import { identityRepo } from './identity.repo.ts';
import { recordsRepo } from './records.repo.ts';
import {
  applyState,
  claimAndLock,
  customerState,
  lockOwners,
  saveApplied,
  saveScoring,
} from './batch-queries.ts';
import type { Queryable } from './sql.ts';

/** What publishes events in the caller's transaction: the transactional outbox (`@rapport/outbox`). */
export interface TransactionalOutbox {
  enqueue<S extends z.ZodType>(
    client: Queryable,
    topic: EventTopicDef<S>,
    events: readonly z.input<S>[],
  ): Promise<number>;
}

/** The batch's store on its transaction's client: every read and write of one batch in one transaction. */
export function batchStore(client: Queryable, outbox: TransactionalOutbox): ScoringStore {
  return {
    ...recordsRepo(client),
    ...identityRepo(client),
    claimAndLock: (eventIds, keys) => claimAndLock(client, eventIds, keys),
    lockOwners: (recordIds, customerKeys) => lockOwners(client, recordIds, customerKeys),
    applyState: (recordIds, cardIds, mentionIds) => applyState(client, recordIds, cardIds, mentionIds),
    saveApplied: (records, edges) => saveApplied(client, records, edges),
    customerState: (customerIds, posts) => customerState(client, customerIds, posts),
    saveScoring: (writes) => saveScoring(client, writes),

    async scoredUnderOtherModel(modelVersion, after, limit) {
      // In primary key order from the cursor: a sweep reads the table once per version, a slice at a time.
      const { rows } = await client.query<{ customer_id: string }>(
        `select customer_id from scoring_scores
          where ($2::text is null or customer_id > $2) and model_version is distinct from $1
          order by customer_id limit $3`,
        [modelVersion, after ?? null, limit],
      );
      return rows.map((r) => r.customer_id);
    },

    async unownedAuthorsUnderOtherModel(modelVersion, after, limit) {
      const { rows } = await client.query<{ record_id: string }>(
        `select distinct record_id from scoring_mentions
          where handled_at is null and customer_id is null and model_version is distinct from $1
            and ($2::text is null or record_id > $2)
          order by record_id limit $3`,
        [modelVersion, after ?? null, limit],
      );
      return rows.map((r) => r.record_id);
    },

    async lock(keys) {
      if (keys.length > 0) await client.query('select scoring_lock($1::text[])', [keys]);
    },

    // Published last in the transaction, after every lock: a key's later event gets the later outbox id.
    async publish({ priorities, mentions }) {
      await outbox.enqueue(client, customerPriorityTopic, priorities);
      await outbox.enqueue(client, mentionPriorityTopic, mentions);
    },
  };
}
