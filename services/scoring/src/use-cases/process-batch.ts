import { ok, type Outcome } from '@rapport/kafka';
import { lockAffectedCustomers } from './affected-customers.ts';
import { applyEvents } from './apply-events.ts';
import type { decodeEvent } from './decode-event.ts';
import type { ScoringParameters } from './model-parameters.ts';
import type { ScoringStore } from './ports.ts';
import { rescore } from './rescore.ts';

/** A batch's messages decoded (`decodeEvent`): an event, or the outcome decided without the database. */
export type DecodedBatch = readonly ReturnType<typeof decodeEvent>[];

/** True when the batch holds an event to apply: otherwise it needs no transaction. */
export const hasEvents = (decoded: DecodedBatch) => decoded.some((d) => 'event' in d);

/** The outcomes of a batch without events (`hasEvents` false): each message's own, decided on decoding. */
export const decidedOutcomes = (decoded: DecodedBatch): Outcome[] =>
  decoded.map((d) => ('outcome' in d ? d.outcome : ok()));

/**
 * One partition's batch, decoded, in the caller's transaction: skip what was applied before (event ids),
 * apply the rest to the records and identity snapshots under locks on the records, lock the customers
 * concerned, rescore them and their posts, and publish through the outbox. One outcome per message, in
 * order; the offsets are committed only after the transaction.
 */
export async function processBatch(
  decoded: DecodedBatch,
  store: ScoringStore,
  params: ScoringParameters,
): Promise<Outcome[]> {
  const events = decoded.map((d) => ('event' in d ? d.event : undefined));
  if (!hasEvents(decoded)) return decidedOutcomes(decoded);
  const applied = await applyEvents(events, store, params);
  const customers = await lockAffectedCustomers(applied, store);
  await rescore(applied, customers, store, params);
  return applied.outcomes.map((o, i) => {
    const d = decoded[i]!;
    return 'outcome' in d ? d.outcome : o;
  });
}
