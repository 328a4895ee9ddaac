import { customerPriorityTopic, mentionPriorityTopic, type EventTopicDef } from '@rapport/contracts';
import type { z } from 'zod';
import type { ScoringStore } from '../use-cases/ports.ts';
import { identityRepo } from './identity.repo.ts';
import { mentionsRepo } from './mentions.repo.ts';
import { recordsRepo } from './records.repo.ts';
import { scoresRepo } from './scores.repo.ts';
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
    ...mentionsRepo(client),
    ...scoresRepo(client),

    async claimEvents(eventIds) {
      const { rows } = await client.query<{ event_id: string }>(
        `insert into scoring_seen_events (event_id) select unnest($1::uuid[])
         on conflict do nothing returning event_id`,
        [eventIds],
      );
      return new Set(rows.map((r) => r.event_id));
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
