import type { EventTopicDef } from '@rapport/contracts';
import { JSON_TEXTS, serialisedJsonTexts } from '@rapport/db';
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
   * Validates every event against its topic's schema (unless the outbox was defined with `validate: false`),
   * keys it with the topic's key function and inserts
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

export interface OutboxOptions {
  /** As `outbox_install('<table>')` created it in the service's migrations. */
  table: string;
  /**
   * Validate each event against its topic's schema before writing it (default true). A service whose
   * events all come from its own typed builders, and whose tests parse every event it publishes with the
   * contract, may turn it off: the check cost more CPU than the rest of the enqueue. Events are then
   * written as given (no unknown keys stripped), and `OutboxEventInvalid` is not thrown.
   */
  validate?: boolean;
}

/** Names the outbox table, as `outbox_install('<table>')` created it in the service's migrations. */
export function defineOutbox(options: OutboxOptions): Outbox {
  const table = options.table;
  const validate = options.validate ?? true;
  if (!identifier.test(table))
    throw new TypeError(`outbox table "${table}": lowercase SQL identifier of at most 51 characters`);
  // A named statement: parsed and planned once per connection, not per call. Keys and event ids go as one
  // JSON document, the payloads beside it as one text (jsonTexts in @rapport/db): Postgres only splits it,
  // and stores each event exactly as serialised here. Inside the document, each payload was parsed whole,
  // the statement's largest cost; as a text array, escaped element by element by pg and parsed back as an
  // array literal. The rows' order is their id order.
  const insert = {
    name: `outbox_enqueue_${table}`,
    text: `insert into "${table}" (topic, key, event_id, payload, headers)
           select $1, r.key, r.event_id, r.payload, $3::jsonb
           from rows from (json_to_recordset($2::json) as (key text, event_id text), ${JSON_TEXTS('$4')})
             with ordinality as r(key, event_id, payload, ord)
           order by r.ord`,
  };

  return {
    table,
    async enqueue(client, topic, events, enqueueOptions = {}) {
      if (events.length === 0) return 0;
      const rows: string[] = [];
      const payloads: string[] = [];
      for (const [index, event] of events.entries()) {
        let valid: unknown = event;
        if (validate) {
          const result = topic.schema.safeParse(event);
          if (!result.success) throw new OutboxEventInvalid(topic.name, index, result.error.issues);
          valid = result.data;
        }
        const eventId = (valid as { eventId?: unknown }).eventId;
        if (typeof eventId !== 'string')
          throw new TypeError(`outbox: events of ${topic.name} carry no eventId (envelopeFields)`);
        const payload = JSON.stringify(valid);
        // Kafka's default message.max.bytes is 1 MB; a bigger event would stop the relay for good.
        if (payload.length > MAX_EVENT_CHARS && Buffer.byteLength(payload) > MAX_EVENT_CHARS)
          throw new OutboxEventTooLarge(topic.name, index, Buffer.byteLength(payload), MAX_EVENT_CHARS);
        rows.push(
          `{"key":${JSON.stringify(topic.key(valid as Parameters<typeof topic.key>[0]))},"event_id":${JSON.stringify(eventId)}}`,
        );
        payloads.push(payload);
      }
      const headers = enqueueOptions.headers ? JSON.stringify(enqueueOptions.headers) : null;
      await client.query({
        ...insert,
        values: [topic.name, `[${rows.join(',')}]`, headers, serialisedJsonTexts(payloads)],
      });
      return events.length;
    },
  };
}
