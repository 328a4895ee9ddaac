import { drop, type ConsumedMessage, type Outcome } from '@rapport/kafka';
import { lockAffectedCustomers } from './affected-customers.ts';
import { applyEvents } from './apply-events.ts';
import { decodeEvent, type ScoringEvent } from './decode-event.ts';
import type { ScoringParameters } from './model-parameters.ts';
import type { ScoringStore } from './ports.ts';
import { rescore } from './rescore.ts';

/**
 * One partition's batch, in the caller's transaction: decode, skip what was applied before (event ids),
 * apply the rest to the records and identity snapshots under locks on the records, lock the customers
 * concerned, rescore them and their posts, and publish through the outbox. One outcome per message, in
 * order; the offsets are committed only after the transaction.
 */
export async function processBatch(
  messages: readonly ConsumedMessage[],
  store: ScoringStore,
  params: ScoringParameters,
): Promise<Outcome[]> {
  const decoded = messages.map(decodeEvent);
  const ids = decoded.flatMap((d) =>
    'event' in d && d.event.eventId !== undefined ? [d.event.eventId] : [],
  );
  const fresh = ids.length > 0 ? await store.claimEvents(ids) : new Set<string>();
  const taken = new Set<string>();
  const decided: (Outcome | undefined)[] = [];
  const events: (ScoringEvent | undefined)[] = decoded.map((d, i) => {
    if ('outcome' in d) {
      decided[i] = d.outcome;
      return undefined;
    }
    const id = d.event.eventId;
    if (id !== undefined) {
      if (!fresh.has(id) || taken.has(id)) {
        decided[i] = drop('duplicate');
        return undefined;
      }
      taken.add(id);
    }
    return d.event;
  });
  if (events.every((e) => e === undefined)) return decided.map((o) => o!);

  const applied = await applyEvents(events, store, params);
  const customers = await lockAffectedCustomers(applied, store);
  await rescore(applied, customers, store, params);
  return applied.outcomes.map((o, i) => decided[i] ?? o);
}
