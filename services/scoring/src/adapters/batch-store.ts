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
