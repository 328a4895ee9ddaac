import {
  erasureRequestEventId,
  type ErasureBody,
  type ErasureRequestEvent,
  type ErasureResult,
  type IdentifierQuery,
} from '@rapport/contracts';
import type { OutgoingEvents } from './api-hooks.ts';
import { identifierKey, type KeyHasher } from './lookup-keys.ts';
import type { ApplyChanges, CurrentEngine, ReadSnapshot } from './ports.ts';
import {
  CustomerNotFound,
  IdentifierAmbiguous,
  IdentifierNotFound,
  IdentifierUnreadable,
} from './problems.ts';

export type ErasureDeps = {
  engine: CurrentEngine;
  hash: KeyHasher;
  snapshot: ReadSnapshot;
  apply: ApplyChanges;
  /** Holds the tombstones for the resolution transaction that applies them, which enqueues them. */
  outgoing: OutgoingEvents;
  now: () => Date;
};

// A record joining the customer while it is being erased is erased by the next round.
const ROUNDS = 3;

/**
 * Forgets a person: a tombstone per source record of the customer (named by its id, or found by an
 * identifier only it carries), its keyed hash and never the id, goes through the resolution use case as
 * the consumer applies one read from identity.erasure.v1. The API's hook keeps it, erases the record it
 * matches (resolution deletes the derived rows, withdraws the decisions naming it, forgets it in the history
 * and publishes the deletion on identity.customer.v1) and drops the record whenever it comes again; the
 * tombstone is published on identity.erasure.v1 by the same transaction, so a rebuild from the topics drops
 * it too; the cached lookups of the customer are deleted once the transaction commits.
 */
export async function erasePerson(deps: ErasureDeps, body: ErasureBody): Promise<ErasureResult> {
  const customers = await deps.snapshot(async (reads) => {
    if ('customerId' in body) {
      const members = (await reads.store.clusters([body.customerId])).get(body.customerId);
      if (members === undefined) throw new CustomerNotFound(body.customerId);
      return [body.customerId];
    }
    const hits = await reads.findKeys([await identifierHash(deps, body.identifier)]);
    const found = [...new Set(hits.map((h) => h.customer))].sort();
    if (found.length === 0) throw new IdentifierNotFound(body.identifier.kind);
    if (found.length > 1) throw new IdentifierAmbiguous(found);
    return found;
  });
  const erased = new Set<string>();
  let tombstones = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const records = await deps.snapshot(async ({ store }) =>
      [...(await store.clusters(customers)).values()].flat(),
    );
    if (records.length === 0) break;
    tombstones += await eraseRecords(deps, records);
    for (const id of records) erased.add(id);
  }
  return { erasedCustomerIds: customers, records: erased.size, tombstones };
}

async function identifierHash(
  deps: Pick<ErasureDeps, 'engine' | 'hash'>,
  q: IdentifierQuery,
): Promise<string> {
  const key = identifierKey(await deps.engine(), q);
  if (key === undefined) throw new IdentifierUnreadable(`identifier/${q.kind}`);
  return deps.hash(key);
}

async function eraseRecords(deps: ErasureDeps, records: readonly string[]): Promise<number> {
  const requestedAt = deps.now().toISOString();
  const events = records.map((id): ErasureRequestEvent => {
    const subject = { subjectHash: deps.hash({ kind: 'record', value: id }), subjectKind: 'record' as const };
    return {
      eventId: erasureRequestEventId(subject),
      schemaVersion: 1,
      source: 'matcher',
      ...subject,
      requestedAt,
    };
  });
  await deps.outgoing.with(
    events.map((event) => ({ topic: 'identity.erasure.v1' as const, event })),
    () =>
      deps.apply({
        cause: 'erasure',
        changes: events.map((request) => ({
          change: { kind: 'erasure-request', request },
          origin: { eventId: request.eventId, occurredAt: requestedAt },
        })),
      }),
  );
  return events.length;
}
