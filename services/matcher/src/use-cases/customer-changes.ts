import type { IdentityCandidate } from '@rapport/contracts';
import {
  probabilityOf,
  type ChangeKind,
  type ClusterChange,
  type Edge,
  type StewardDecision,
} from '@rapport/matching';
import { changeSummary } from './change-summary.ts';

/** What set a resolution off: source events, a steward, a model switch, a right to be forgotten. */
export type ChangeCause = 'records' | 'decision' | 'model' | 'erasure';

/** A customer as stored before the batch (`customers`). */
export type CustomerRow = {
  customerId: string;
  revision: number;
  status: 'active' | 'deleted';
  createdAt: string;
  updatedAt: string;
  /** The candidates it was last published with; undefined for a customer with a loyalty or CRM record. */
  candidates?: IdentityCandidate[] | undefined;
};

/** One applied input: the records it names, its event and its event time. */
export type AppliedCause = {
  recordIds: readonly string[];
  eventId: string | undefined;
  occurredAt: string;
  decision?: StewardDecision;
};

/** One published change of a customer: the identity.customer.v1 event, the customers row and its history. */
export type CustomerChange = {
  customerId: string;
  kind: ChangeKind;
  revision: number;
  status: 'active' | 'deleted';
  /** Members after the change, in id order ([] when deleted). */
  recordIds: string[];
  relatedCustomerIds: string[];
  createdAt: string;
  occurredAt: string;
  summary: string;
  rules: string[];
  matchProbability: number | undefined;
  decisions: StewardDecision[];
  eventIds: string[];
  cause: ChangeCause;
  modelVersion: string;
  /** For a customer of social accounts alone: the loyalty and CRM customers it may be (customer-candidates.ts). */
  candidates: IdentityCandidate[] | undefined;
};

const later = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);
const latest = (times: Iterable<string>, floor: string): string => {
  let t = floor;
  for (const x of times) t = later(t, x);
  return t;
};
const EPOCH = '1970-01-01T00:00:00.000Z';

/** The event's previousCustomerIds for each kind (identity.customer.v1 documents them). */
function relatedOf(c: ClusterChange): string[] {
  switch (c.kind) {
    case 'created':
    case 'merged':
      return c.from;
    case 'split':
    case 'deleted':
      return c.to;
    case 'updated':
      return [...new Set([...c.from, ...c.to])].sort();
  }
}

/**
 * The customer changes of one resolved batch, pure: revisions continue each id's stored revision (a
 * deleted id's too), and the event time is the latest of the inputs that touched the customer's records
 * (any input of the batch when none did, as when a block crossing its cap moved them), never earlier than
 * the stored times of the customer and of those it merged with or split from, so that each customer's
 * events, and a record's moves between customers, go forward in time.
 */
export function customerChanges(input: {
  changes: readonly ClusterChange[];
  edges: readonly Edge[];
  prior: ReadonlyMap<string, CustomerRow>;
  causes: readonly AppliedCause[];
  cause: ChangeCause;
  modelVersion: string;
  /** The candidates of the social-only customers among the changed ones. */
  candidates?: ReadonlyMap<string, IdentityCandidate[]>;
}): CustomerChange[] {
  const { changes, prior } = input;
  const causesOf = new Map<string, AppliedCause[]>();
  for (const c of input.causes)
    for (const id of c.recordIds) {
      const list = causesOf.get(id);
      if (list === undefined) causesOf.set(id, [c]);
      else list.push(c);
    }
  const anyTime = latest(
    input.causes.map((c) => c.occurredAt),
    EPOCH,
  );
  // Each change looks at the edges of its own records: indexed, not scanned once per change.
  const edgesOf = new Map<string, Edge[]>();
  for (const e of input.edges)
    for (const id of [e.a, e.b]) {
      const list = edgesOf.get(id);
      if (list === undefined) edgesOf.set(id, [e]);
      else list.push(e);
    }
  const createdHere = new Set(changes.filter((c) => c.kind === 'created').map((c) => c.cluster));
  const deletedHere = new Set(changes.filter((c) => c.kind === 'deleted').map((c) => c.cluster));

  return changes.map((c): CustomerChange => {
    const touched = new Set([...c.before, ...c.after]);
    const direct = new Set<AppliedCause>();
    for (const id of touched) for (const x of causesOf.get(id) ?? []) direct.add(x);
    const related = relatedOf(c);
    const floor = latest(
      [c.cluster, ...c.from, ...c.to].flatMap((id) => {
        const row = prior.get(id);
        return row === undefined ? [] : [row.updatedAt];
      }),
      EPOCH,
    );
    const occurredAt = latest(direct.size === 0 ? [anyTime] : [...direct].map((x) => x.occurredAt), floor);
    const members = new Set(c.after);
    // An edge inside the customer is listed under both its records: taken under its first.
    const links = c.after.flatMap((id) =>
      (edgesOf.get(id) ?? []).filter(
        (e) => e.a === id && e.kind === 'link' && e.refusedBy === undefined && members.has(e.b),
      ),
    );
    const refusals = [...touched].flatMap((id) =>
      (edgesOf.get(id) ?? []).filter((e) => e.refusedBy !== undefined).map((e) => `refused:${e.refusedBy}`),
    );
    const decisions = [...direct].flatMap((x) => (x.decision === undefined ? [] : [x.decision]));
    const rules = [
      ...new Set([...links.map((e) => e.reason), ...decisions.map((d) => `steward:${d.kind}`), ...refusals]),
    ].sort();
    const was = prior.get(c.cluster);
    const top = links.reduce((w, e) => Math.max(w, e.weight), -Infinity);
    return {
      customerId: c.cluster,
      kind: c.kind,
      revision: (was?.revision ?? 0) + 1,
      status: c.kind === 'deleted' ? 'deleted' : 'active',
      recordIds: c.after,
      relatedCustomerIds: related,
      createdAt: was === undefined || was.status === 'deleted' ? occurredAt : was.createdAt,
      occurredAt,
      summary: changeSummary(c, {
        cause: input.cause,
        rules,
        candidates: input.candidates?.get(c.cluster)?.length,
        renamed:
          c.kind === 'created'
            ? c.from.every((x) => deletedHere.has(x))
            : related.every((x) => createdHere.has(x)),
      }),
      rules,
      matchProbability: Number.isFinite(top) ? probabilityOf(top) : undefined,
      decisions,
      eventIds: [...new Set([...direct].flatMap((x) => (x.eventId === undefined ? [] : [x.eventId])))].sort(),
      cause: input.cause,
      modelVersion: input.modelVersion,
      candidates: input.candidates?.get(c.cluster),
    };
  });
}
