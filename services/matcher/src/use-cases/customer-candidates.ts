import type { IdentityCandidate } from '@rapport/contracts';
import { probabilityOf, type ClusterChange, type Edge } from '@rapport/matching';
import type { CustomerRow } from './customer-changes.ts';
import { isKnown, isSocial } from './record-sources.ts';

/** A stored pair between a record of a social-only customer and a loyalty or CRM record of another. */
export type PossibleMatch = {
  ownRecordId: string;
  recordId: string;
  customerId: string;
  weight: number;
  reason: string;
  refusedBy: string | undefined;
};

/** A customer of social accounts alone, as stored after the batch's write: its members and possible matches. */
export type SocialCustomer = { members: string[]; matches: PossibleMatch[] };

/** How candidates are read, inside the resolution transaction and after its write. */
export interface CandidateReads {
  /**
   * The social-only customers holding any of `probes.social` or a record scored for review against one
   * of `probes.known`, each with its members and stored possible matches.
   */
  socialCustomers(probes: CandidateProbes): Promise<Map<string, SocialCustomer>>;
  customers(ids: readonly string[]): Promise<Map<string, CustomerRow>>;
}

// A care agent looks at the first few, and the REST candidates list more. Every change of the list is an
// identity event, and a short list changes less often: on generated data a social account had up to dozens
// of pairs for review.
export const MAX_CANDIDATES = 3;

const reviewable = (e: Edge): boolean => e.kind === 'review' || e.refusedBy !== undefined;

/** What the engine scored in the batch: every edge of the records it rescored, and where their ends are. */
export type BatchScoring = {
  edges: readonly Edge[];
  rescored: ReadonlySet<string>;
  edgeClusters: ReadonlyMap<string, string>;
};

/**
 * The changed social-only customers whose records the batch all rescored, with their possible matches
 * taken from its edges: a rescored record's stored pairs afterwards are exactly its edges of the batch, so
 * these need no read (on a load, most new social accounts are such a customer).
 */
function scoredCustomers(
  changes: readonly ClusterChange[],
  scoring: BatchScoring,
): Map<string, SocialCustomer> {
  const out = new Map<string, SocialCustomer>();
  const customerOf = new Map<string, string>();
  for (const c of changes)
    if (c.after.length > 0 && !c.after.some(isKnown) && c.after.every((id) => scoring.rescored.has(id))) {
      out.set(c.cluster, { members: c.after, matches: [] });
      for (const id of c.after) customerOf.set(id, c.cluster);
    }
  if (out.size === 0) return out;
  for (const e of scoring.edges) {
    if (!reviewable(e)) continue;
    for (const [own, other] of [
      [e.a, e.b],
      [e.b, e.a],
    ] as const) {
      const customer = customerOf.get(own);
      const otherCustomer = scoring.edgeClusters.get(other);
      if (customer === undefined || !isKnown(other) || otherCustomer === undefined) continue;
      out.get(customer)!.matches.push({
        ownRecordId: own,
        recordId: other,
        customerId: otherCustomer,
        weight: e.weight,
        reason: e.reason,
        refusedBy: e.refusedBy,
      });
    }
  }
  return out;
}

/** What a batch did that can change a social-only customer's candidates. */
export type CandidateProbes = {
  /** Social records to look at: a record of each changed customer, the social ends of pairs written. */
  social: string[];
  /** Loyalty and CRM records that left their customer: their social partners' candidates named it. */
  known: string[];
};

/**
 * The records whose customers' candidates a batch may have changed: a record of every changed customer
 * with no loyalty or CRM record; the social end of every social-to-known pair the batch wrote or removed
 * (whatever its kind: a pair that no longer goes to review leaves the list too); and the loyalty and CRM
 * records that left their customer (merged away, split off, renamed), whose old customer id a candidate
 * may carry. A record new to the store has no stored pair but those the batch wrote, and one that stays in
 * its customer keeps its id, so no other record can change a candidate. The stored candidates then follow
 * the stored pairs and placements alone, whatever the order and batching of the records.
 */
export function candidateProbes(
  changes: readonly ClusterChange[],
  pairs: readonly { a: string; b: string }[],
): CandidateProbes {
  const social = new Set<string>();
  const known = new Set<string>();
  for (const c of changes) {
    if (c.after.length > 0 && !c.after.some(isKnown)) social.add(c.after[0]!);
    if (c.before.length === 0) continue;
    const stays = new Set(c.after);
    for (const id of c.before) if (isKnown(id) && !stays.has(id)) known.add(id);
  }
  for (const e of pairs) {
    if (isSocial(e.a) && isKnown(e.b)) social.add(e.a);
    if (isSocial(e.b) && isKnown(e.a)) social.add(e.b);
  }
  return { social: [...social].sort(), known: [...known].sort() };
}

/**
 * A social-only customer's candidates: the best pair per other customer, most likely first (ties by
 * customer id, so the list depends on the stored pairs alone), at most MAX_CANDIDATES.
 */
export function candidatesOf(matches: readonly PossibleMatch[]): IdentityCandidate[] {
  const best = new Map<string, PossibleMatch>();
  for (const m of matches) {
    const was = best.get(m.customerId);
    if (
      was === undefined ||
      m.weight > was.weight ||
      (m.weight === was.weight && m.recordId + m.ownRecordId < was.recordId + was.ownRecordId)
    )
      best.set(m.customerId, m);
  }
  return [...best.values()]
    .sort((x, y) => y.weight - x.weight || (x.customerId < y.customerId ? -1 : 1))
    .slice(0, MAX_CANDIDATES)
    .map((m) => ({
      customerId: m.customerId,
      recordId: m.recordId,
      ownRecordId: m.ownRecordId,
      matchProbability: probabilityOf(m.weight),
      summary:
        m.refusedBy === undefined
          ? `possible match for review (${m.reason})`
          : `link held back by the ${m.refusedBy} guard`,
    }));
}

// Field by field: a list read back from jsonb has its keys in another order than one made here.
const sameCandidate = (x: IdentityCandidate, y: IdentityCandidate): boolean =>
  x.customerId === y.customerId &&
  x.recordId === y.recordId &&
  x.ownRecordId === y.ownRecordId &&
  x.matchProbability === y.matchProbability &&
  x.summary === y.summary;
const same = (a: readonly IdentityCandidate[], b: readonly IdentityCandidate[]): boolean =>
  a.length === b.length && a.every((x, i) => sameCandidate(x, b[i]!));

/**
 * The candidates of the social-only customers a batch touched, read after its write, and an `updated`
 * change (same members) for each one whose members did not change but whose candidates did: a loyalty
 * member who arrives after the social account becomes its candidate at once, and a candidate that merges
 * into another customer is named by its new id. `pairs`: the pairs the batch wrote or removed; `scoring`:
 * what the engine scored, when the changes are one batch's (the customers it rescored whole are worked out
 * from it, the rest read). `prior` gains the stored rows of those customers.
 */
export async function candidateChanges(
  reads: CandidateReads,
  input: {
    changes: readonly ClusterChange[];
    pairs: readonly { a: string; b: string }[];
    prior: Map<string, CustomerRow>;
    /** Social records to look at besides (a model switch: all of them). */
    also?: readonly string[];
    scoring?: BatchScoring;
  },
): Promise<{ candidates: Map<string, IdentityCandidate[]>; refreshed: ClusterChange[] }> {
  const scored = input.scoring === undefined ? new Map() : scoredCustomers(input.changes, input.scoring);
  const inScored = new Set([...scored.values()].flatMap((c) => c.members));
  const found = candidateProbes(input.changes, input.pairs);
  const probes = {
    ...found,
    social: [...new Set([...found.social, ...(input.also ?? []).filter(isSocial)])].filter(
      (id) => !inScored.has(id),
    ),
  };
  const read =
    probes.social.length === 0 && probes.known.length === 0
      ? new Map<string, SocialCustomer>()
      : await reads.socialCustomers(probes);
  // What was read is the stored state itself: it wins over the same customer worked out from the batch.
  const social = new Map([...scored, ...read]);
  if (social.size === 0) return { candidates: new Map(), refreshed: [] };
  const candidates = new Map([...social].map(([id, c]) => [id, candidatesOf(c.matches)]));
  const changed = new Set(input.changes.map((c) => c.cluster));
  const others = [...social.keys()].filter((id) => !changed.has(id)).sort();
  const rows = others.length === 0 ? new Map<string, CustomerRow>() : await reads.customers(others);
  const refreshed: ClusterChange[] = [];
  for (const id of others) {
    const row = rows.get(id);
    if (row === undefined || row.status !== 'active' || same(row.candidates ?? [], candidates.get(id)!))
      continue;
    input.prior.set(id, row);
    const members = social.get(id)!.members;
    refreshed.push({ kind: 'updated', cluster: id, before: members, after: members, from: [], to: [] });
  }
  return { candidates, refreshed };
}
