import type { ErasureRequestEvent } from '@rapport/contracts';
import {
  planChanges,
  preparedRecord,
  resolveChanges,
  type Engine,
  type RecordChange,
  type ResolveResult,
} from '@rapport/matching';
import {
  customerChanges,
  type AppliedCause,
  type ChangeCause,
  type CustomerChange,
} from './customer-changes.ts';
import { candidateChanges } from './customer-candidates.ts';
import type { ResolutionTransaction, ResolutionUnit } from './resolution-ports.ts';

/**
 * What the matcher resolves: the engine's changes (upsert, delete, decision, revoke), an erasure of one
 * record (a delete that also withdraws the decisions naming it and forgets it in the history), and an
 * erasure tombstone read from identity.erasure.v1, which only hooks act on (the API's erasure hook turns
 * it into erasures of the records it matches, and keeps the tombstone).
 */
export type MatcherChange =
  | RecordChange
  | { kind: 'erase'; recordId: string }
  | { kind: 'erasure-request'; request: ErasureRequestEvent };

/**
 * Where a change comes from. `eventId`: the input event; a change whose event id was applied before is
 * skipped (idempotence), so callers pass the event's id (the API: the id of the decision or erasure event
 * it publishes). `occurredAt`: its event time (ISO 8601): within a batch, a record's latest change wins.
 */
export type ChangeOrigin = { eventId?: string; occurredAt: string };
export type PendingChange = { change: MatcherChange; origin: ChangeOrigin };

/** Per input change: applied (it may still have changed nothing), an event applied before, or dropped by a hook. */
export type ChangeOutcome = 'applied' | 'duplicate' | 'filtered';

/** What one resolution did, as hooks see it. */
export type Resolved = {
  cause: ChangeCause;
  /** The changes resolved, after the hooks' filters, duplicates left out. */
  changes: readonly PendingChange[];
  result: ResolveResult;
  /** The customer changes published, one per customer whose members changed. */
  customers: readonly CustomerChange[];
  /** Every customer id that changed (created, merged, split, updated or deleted). */
  customerIds: readonly string[];
  modelVersion: string;
  /** The engine the changes were resolved under when it is not the transaction's (a model switch). */
  engine?: Engine;
};

/**
 * Code the matcher runs around every resolution, in list order (deps.ts holds the list). `filterChanges`
 * runs inside the transaction before resolution and returns the changes to resolve: it may drop, keep,
 * replace or add changes; a change it keeps or derives carries the `origin` object of the one it came from
 * (an input whose origin no returned change carries is reported `filtered`). `afterResolution` runs
 * inside the transaction once the customers are written (read models kept in step). `afterCommit` runs after
 * the commit (cache invalidation): a failure there is logged, never undoes the resolution.
 */
export interface ResolutionHooks {
  readonly name: string;
  /**
   * Pure work on a batch before it waits for the resolution lock (no I/O), under the engine of the last
   * resolution: it runs while another consumer's transaction holds the lock. A guess at the engine, so
   * work kept for later must say which engine it was done under.
   */
  ahead?(changes: readonly PendingChange[], engine: Engine): void;
  filterChanges?(
    tx: ResolutionTransaction,
    changes: readonly PendingChange[],
  ): Promise<readonly PendingChange[]>;
  afterResolution?(tx: ResolutionTransaction, resolved: Resolved): Promise<void>;
  afterCommit?(resolved: Resolved): Promise<void>;
}

export type ApplyChangesDeps = {
  unit: ResolutionUnit;
  hooks: readonly ResolutionHooks[];
  logger: { warn(obj: object, msg?: string): void };
};

export type ApplyResult = { outcomes: ChangeOutcome[]; resolved: Resolved | undefined };

/**
 * What a batch's resolution will need that depends on its records alone, worked out before it waits for
 * the lock: each upsert's prepared form (kept per record and options by preparedRecord, so the
 * transaction's engine finds it when it is this one) and the hooks' `ahead` work.
 */
export function workAhead(deps: ApplyChangesDeps, changes: readonly PendingChange[], engine: Engine): void {
  for (const { change } of changes)
    if (change.kind === 'upsert') preparedRecord(change.record, engine.normalise);
  for (const hook of deps.hooks) hook.ahead?.(changes, engine);
}

const isEngineChange = (c: MatcherChange): c is RecordChange =>
  c.kind === 'upsert' || c.kind === 'delete' || c.kind === 'decision' || c.kind === 'revoke';

function recordIdsOf(c: MatcherChange): string[] {
  switch (c.kind) {
    case 'upsert':
      return [c.record.recordId];
    case 'delete':
    case 'erase':
      return [c.recordId];
    case 'decision':
      return [c.decision.a, c.decision.b];
    case 'revoke':
      return [c.a, c.b];
    case 'erasure-request':
      return [];
  }
}

/**
 * The one way into resolution, for the consumer and the API alike: in one transaction under the exclusive
 * resolution lock, skip the changes whose events were applied before, let the hooks filter, resolve the
 * rest with the engine on the Postgres store (and on the next model's state during a model switch),
 * write the customers, their history and their identity events (outbox), run the hooks; after the commit,
 * the afterCommit hooks. A serialization failure or deadlock reruns the whole transaction.
 */
export async function applyChanges(
  deps: ApplyChangesDeps,
  input: { changes: readonly PendingChange[]; cause?: ChangeCause },
): Promise<ApplyResult> {
  const cause = input.cause ?? 'records';
  const { outcomes, resolved } = await deps.unit.run((tx) =>
    resolveInTransaction(tx, deps, input.changes, cause),
  );
  if (resolved !== undefined) await runAfterCommit(deps, resolved);
  return { outcomes, resolved };
}

/** The afterCommit hooks of a committed resolution; a failure is logged and never undoes it. */
export async function runAfterCommit(deps: ApplyChangesDeps, resolved: Resolved): Promise<void> {
  for (const hook of deps.hooks) {
    if (hook.afterCommit === undefined) continue;
    try {
      await hook.afterCommit(resolved);
    } catch (error) {
      deps.logger.warn(
        { hook: hook.name, errorName: (error as Error).name, errorCode: (error as { code?: string }).code },
        'afterCommit hook failed',
      );
    }
  }
}

async function resolveInTransaction(
  tx: ResolutionTransaction,
  deps: ApplyChangesDeps,
  changes: readonly PendingChange[],
  cause: ChangeCause,
): Promise<ApplyResult> {
  const outcomes: ChangeOutcome[] = changes.map(() => 'applied');
  const ids = [
    ...new Set(changes.flatMap((c) => (c.origin.eventId === undefined ? [] : [c.origin.eventId]))),
  ];
  const fresh = await tx.claimEvents(ids);
  let pending: PendingChange[] = [];
  // An event counts once, even when it comes twice in one batch; the changes of one event share its origin.
  const claimedBy = new Map<string, ChangeOrigin>();
  changes.forEach((c, i) => {
    const id = c.origin.eventId;
    if (id === undefined) return void pending.push(c);
    const owner = claimedBy.get(id);
    if (owner === undefined && fresh.has(id)) claimedBy.set(id, c.origin);
    if (claimedBy.get(id) === c.origin) pending.push(c);
    else outcomes[i] = 'duplicate';
  });
  for (const hook of deps.hooks)
    if (hook.filterChanges !== undefined && pending.length > 0)
      pending = [...(await hook.filterChanges(tx, pending))];
  const kept = new Set(pending.map((c) => c.origin));
  changes.forEach((c, i) => {
    if (outcomes[i] === 'applied' && !kept.has(c.origin)) outcomes[i] = 'filtered';
  });

  const erased = pending.flatMap((c) => (c.change.kind === 'erase' ? [c.change.recordId] : []));
  // An erased record takes the decisions naming it along: they would keep its id.
  const withdrawn =
    erased.length === 0
      ? []
      : (await tx.store.decisions(erased)).map((d) => ({ kind: 'revoke' as const, a: d.a, b: d.b }));
  // Within a batch a record's latest change wins: by event time, then in the order given (a stable sort).
  const ordered = pending
    .map((c, i) => ({ c, i, t: Date.parse(c.origin.occurredAt) }))
    .sort((x, y) => x.t - y.t || x.i - y.i)
    .map((x) => x.c);
  const engineChanges: RecordChange[] = [
    ...withdrawn,
    ...ordered.flatMap((p): RecordChange[] => {
      if (p.change.kind === 'erase') return [{ kind: 'delete', recordId: p.change.recordId }];
      return isEngineChange(p.change) ? [p.change] : [];
    }),
  ];
  if (engineChanges.length === 0) return { outcomes, resolved: undefined };

  const { result, write } = await planChanges(tx.engine, tx.store, engineChanges);
  const customerIds = [...new Set(result.changes.map((c) => c.cluster))].sort();
  const related = result.changes.flatMap((c) => [...c.from, ...c.to]);
  // The customers' last state is asked for first, then the engine's write is sent and awaited last: the
  // transaction's connection runs statements in order, so all that follows sees the write, and the
  // customer changes, their events and the lookup keys are worked out while Postgres writes (the write is
  // about half of a batch's database time). The first of them to fail is the one reported: the statements
  // after it then fail only because it did.
  const prior = tx.customers([...new Set([...customerIds, ...related])]);
  const written = tx.store.write(write);
  written.catch(() => {});
  try {
    // Awaited first: the read is queued before the write, so it answers at once.
    const priorRows = await prior;
    // A model switch resolves the same changes on the next model's state too.
    if (tx.next !== undefined) await resolveChanges(tx.next.engine, tx.next.store, engineChanges);
    const causes: AppliedCause[] = ordered.map((p) => ({
      recordIds: recordIdsOf(p.change),
      eventId: p.origin.eventId,
      occurredAt: p.origin.occurredAt,
      ...(p.change.kind === 'decision' && { decision: p.change.decision }),
    }));
    // After the prior read: sent after the write, so it reads the pairs and placements the batch left.
    const { candidates, refreshed } = await candidateChanges(tx, {
      changes: result.changes,
      pairs: [...write.edges.put, ...write.edges.remove],
      prior: priorRows,
      scoring: result,
    });
    const customers = customerChanges({
      changes: [...result.changes, ...refreshed],
      edges: result.edges,
      prior: priorRows,
      causes,
      cause,
      modelVersion: tx.modelVersion,
      candidates,
    });
    await tx.saveCustomerChanges(customers);
    if (erased.length > 0) await tx.eraseHistory(erased);
    const resolved: Resolved = {
      cause,
      changes: pending,
      result,
      customers,
      customerIds: [...customerIds, ...refreshed.map((c) => c.cluster)].sort(),
      modelVersion: tx.modelVersion,
    };
    for (const hook of deps.hooks) await hook.afterResolution?.(tx, resolved);
    await written;
    return { outcomes, resolved };
  } catch (error) {
    // The first statement to fail is the one reported, in the order they were sent.
    await prior;
    await written;
    throw error;
  }
}
