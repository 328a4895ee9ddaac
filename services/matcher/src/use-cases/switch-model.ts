import type { PersonRecord } from '@rapport/contracts';
import {
  clusterChanges,
  resolveChanges,
  type Edge,
  type Engine,
  type ResolveResult,
} from '@rapport/matching';
import { runAfterCommit, type ApplyChangesDeps, type Resolved } from './apply-changes.ts';
import { candidateChanges } from './customer-candidates.ts';
import { customerChanges } from './customer-changes.ts';
import type { ResolutionTransaction } from './resolution-ports.ts';

/** What a model switch reads and writes besides the resolution transaction's own ports. */
export interface ModelSwitchPort {
  /** The switch asked for, if any: the version, when it was asked, its engine. */
  requested(): Promise<{ version: string; requestedAt: string; engine: Engine } | undefined>;
  /** Every customer's members, by customer id. */
  memberships(): Promise<Map<string, string[]>>;
  /** Every stored source record, in record id order. */
  sources(): Promise<PersonRecord[]>;
  /** Empties the engine's records, placements, keys, carriers and edges; steward decisions stay. */
  clearEngineState(): Promise<void>;
  /** The version in use from now on, and behind every active customer. */
  activate(version: string): Promise<void>;
}

/**
 * Switches to the model a `rapport matcher use-model` asked for: in one resolution transaction (under
 * the resolution lock, so it runs between two batches of any instance), every source record is resolved
 * again under the new model, from empty engine state and with the stored steward decisions, in batches of
 * `batch` records. The customers whose members differ afterwards get their change (cause `model`, the new
 * model version, the event time of the request) with their identity events, as any batch's would. Undefined
 * when no switch is asked for.
 */
export async function switchModel(
  deps: ApplyChangesDeps & { port: (tx: ResolutionTransaction) => ModelSwitchPort; batch: number },
): Promise<Resolved | undefined> {
  const resolved = await deps.unit.run(async (tx): Promise<Resolved | undefined> => {
    const port = deps.port(tx);
    const next = await port.requested();
    if (next === undefined) return undefined;
    const before = await port.memberships();
    const sources = await port.sources();
    await port.clearEngineState();
    if (sources.length === 0) {
      await port.activate(next.version);
      return undefined;
    }
    const edges: Edge[] = [];
    let last: ResolveResult | undefined;
    for (let i = 0; i < sources.length; i += deps.batch) {
      const upserts = sources.slice(i, i + deps.batch).map((record) => ({ kind: 'upsert' as const, record }));
      last = await resolveChanges(next.engine, tx.store, upserts);
      edges.push(...last.edges);
    }
    const changes = clusterChanges(before, await port.memberships());
    const prior = await tx.customers([...new Set(changes.flatMap((c) => [c.cluster, ...c.from, ...c.to]))]);
    const { candidates, refreshed } = await candidateChanges(tx, {
      changes,
      pairs: edges,
      prior,
      also: sources.map((r) => r.recordId),
    });
    const customers = customerChanges({
      changes: [...changes, ...refreshed],
      candidates,
      edges,
      prior,
      causes: [{ recordIds: [], eventId: undefined, occurredAt: next.requestedAt }],
      cause: 'model',
      modelVersion: next.version,
    });
    await tx.saveCustomerChanges(customers);
    await port.activate(next.version);
    // Every record as resolved again under the new engine: the hooks' read models (the lookup index,
    // normalised as the engine normalises) follow every record, not only those whose customer changed.
    const origin = { occurredAt: next.requestedAt };
    const result: Resolved = {
      cause: 'model',
      changes: sources.map((record) => ({ change: { kind: 'upsert' as const, record }, origin })),
      // The whole rebuild's changes and edges; the last engine call's per-batch figures do not stand for it.
      result: {
        ...last!,
        changes,
        edges,
        clusterOf: new Map(),
        rescored: new Set(),
        edgeClusters: new Map(),
      },
      customers,
      customerIds: [...changes, ...refreshed].map((c) => c.cluster),
      modelVersion: next.version,
      engine: next.engine,
    };
    for (const hook of deps.hooks) await hook.afterResolution?.(tx, result);
    return result;
  });
  if (resolved !== undefined) await runAfterCommit(deps, resolved);
  return resolved;
}
