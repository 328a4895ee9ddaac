import type { EventTopicDef } from '@rapport/contracts';
import type pg from 'pg';
import type { z } from 'zod';
import { OutboxEventInvalid, OutboxEventTooLarge } from './errors.ts';

/** Anything that runs a query: the `pg` client of the caller's open transaction. */
export type SqlClient = Pick<pg.ClientBase, 'query'>;

export interface EnqueueOptions {
  /** Kafka headers for every message of this call (text values; never personal data). */
  headers?: Readonly<Record<string, string>>;
}

/** One outbox table. Services sharing a database each have their own (`<service>_outbox`). */
export interface Outbox {
  readonly table: string;
  /**
   * Validates every event against its topic's schema, keys it with the topic's key function and inserts
   * them in one statement, inside the caller's transaction: they are published once it commits, and never
   * if it rolls back. Throws `OutboxEventInvalid` (topic, index, issues) or `OutboxEventTooLarge`
   * before writing anything.
   * Returns the number of rows written.
   *
   * Order: rows are published in id order, and ids are taken at insert. Writers of the same key must
   * therefore be serialised (they are: each holds a lock on the entity it changes), so that a key's later
   * event always gets the higher id.
   */
  enqueue<S extends z.ZodType>(
    client: SqlClient,
    topic: EventTopicDef<S>,
    events: readonly z.input<S>[],
    options?: EnqueueOptions,
  ): Promise<number>;
}

/** Leaves room in Kafka's 1 MB for the key, the headers and the record format. */
export const MAX_EVENT_CHARS = 900_000;

const identifier = /^[a-z_][a-z0-9_]{0,50}$/;

/** Names the outbox table, as `outbox_install('<table>')` created it in the service's migrations. */
export function defineOutbox(options: { table: string }): Outbox {
  const table = options.table;
  if (!identifier.test(table))
    throw new TypeError(`outbox table "${table}": lowercase SQL identifier of at most 51 characters`);
  // A named statement: parsed and planned once per connection, not per call.
  const insert = {
    name: `outbox_enqueue_${table}`,
    text: `insert into "${table}" (topic, key, event_id, payload, headers)
           select $1, u.key, u.event_id, u.payload, $5::jsonb
           from unnest($2::text[], $3::text[], $4::text[]) with ordinality as u(key, event_id, payload, ord)
           order by u.ord`,
  };

  return {
    table,
    async enqueue(client, topic, events, enqueueOptions = {}) {
      if (events.length === 0) return 0;
      const keys: string[] = [];
      const eventIds: string[] = [];
      const payloads: string[] = [];
      for (const [index, event] of events.entries()) {
        const result = topic.schema.safeParse(event);
        if (!result.success) throw new OutboxEventInvalid(topic.name, index, result.error.issues);
        const valid = result.data;
        const eventId = (valid as { eventId?: unknown }).eventId;
        if (typeof eventId !== 'string')
          throw new TypeError(`outbox: events of ${topic.name} carry no eventId (envelopeFields)`);
        const payload = JSON.stringify(valid);
        // Kafka's default message.max.bytes is 1 MB; a bigger event would stop the relay for good.
        if (payload.length > MAX_EVENT_CHARS && Buffer.byteLength(payload) > MAX_EVENT_CHARS)
          throw new OutboxEventTooLarge(topic.name, index, Buffer.byteLength(payload), MAX_EVENT_CHARS);
        keys.push(topic.key(valid));
        eventIds.push(eventId);
        payloads.push(payload);
      }
      const headers = enqueueOptions.headers ? JSON.stringify(enqueueOptions.headers) : null;
      await client.query({ ...insert, values: [topic.name, keys, eventIds, payloads, headers] });
      return events.length;
    },
  };
}
