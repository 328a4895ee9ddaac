import type { AppliedBatch } from './apply-events.ts';
import type { Owner, ScoringStore } from './ports.ts';
import { isCardRecord } from './record-ids.ts';

/** How often the owners are looked up again after locking before a batch gives up (and retries). */
const MAX_LOCK_ROUNDS = 5;

export class LockRoundsExhausted extends Error {
  readonly code = 'SCORING_LOCK_ROUNDS_EXHAUSTED';
  constructor() {
    super(`the customers a batch touches kept changing over ${MAX_LOCK_ROUNDS} lock rounds`);
    this.name = 'LockRoundsExhausted';
  }
}

/**
 * The customers whose scores a batch changes, locked. A customer's score depends on its records
 * (cards through their holders), on what the records it referred spend, and on which records it holds;
 * so the customers concerned are the owners of the records touched or moved, of those records' card
 * holders and of their referrers, the customers named by identity events and the records' previous
 * owners. Owners are read again after locking: an identity change committed meanwhile (by another
 * instance) may have moved a record to a customer not locked yet, which is then locked too.
 */
export async function lockAffectedCustomers(
  applied: AppliedBatch,
  store: ScoringStore,
): Promise<Set<string>> {
  const seeds = new Set([...applied.touched, ...applied.identityRecords]);
  const cards = [...seeds].filter(isCardRecord);
  const holders = cards.length > 0 ? await store.cardHolders(cards) : new Map<string, string>();
  const spenders = [...applied.spent, ...applied.identityRecords].map((r) => holders.get(r) ?? r);
  const referrers = new Set(applied.referrers);
  const referrersOf = spenders.length > 0 ? await store.referrersOf(spenders) : new Map<string, string[]>();
  for (const list of referrersOf.values()) for (const r of list) referrers.add(r);
  const lookup = [...new Set([...seeds, ...holders.values(), ...referrers])];

  const named = new Set([
    ...applied.identityCustomers,
    ...[...applied.ownersBefore.values()].map((o) => o.customerId),
  ]);
  // First round: the owners read and locked with the customers named, in one statement.
  const owners: Map<string, Owner> =
    lookup.length > 0 || named.size > 0
      ? await store.lockOwners(
          lookup,
          [...named].map((c) => `c:${c}`),
        )
      : new Map();
  const locked = new Set([...named, ...[...owners.values()].map((o) => o.customerId)]);
  // The records this batch locked cannot change customers meanwhile; card holders and referrers can.
  const unlocked = lookup.filter((r) => !applied.locked.has(r));
  if (unlocked.length === 0) return locked;
  for (let round = 1; round < MAX_LOCK_ROUNDS; round++) {
    const wanted = [...(await store.ownersOf(unlocked)).values()].map((o) => o.customerId);
    const fresh = [...new Set(wanted)].filter((c) => !locked.has(c));
    if (fresh.length === 0) return locked;
    await store.lock(fresh.map((c) => `c:${c}`));
    for (const c of fresh) locked.add(c);
  }
  throw new LockRoundsExhausted();
}
