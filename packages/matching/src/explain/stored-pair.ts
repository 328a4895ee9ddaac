import type { StewardDecision } from '../resolve/decisions.ts';
import type { Engine } from '../resolve/engine.ts';
import { recordKeys } from '../resolve/record-keys.ts';
import type { Edge, ResolutionStore } from '../resolve/resolution-store.ts';
import { effectiveForm } from '../resolve/store-reader.ts';
import { explainPrepared, type PairExplanation } from './pair.ts';

/** A blocking key both records carry: they were compared when its block was within its cap (over it, `size` only exceeds `cap`). */
export type SharedBlock = { rule: string; size: number; cap: number };

/**
 * Why two stored records are in one customer, or why not. `because` names what decided:
 * - together: `steward:together`, the rule of their own link (`deterministic:same-card`,
 *   `threshold:link`...), or `linked-through-other-records` (each is linked to records of the customer,
 *   not to each other);
 * - apart: `steward:apart`; `refused:<guard>` (their link was held back while clustering: `size-cap`,
 *   `contradiction`, `apart`, `different-cards`); the reason of a pair sent to review or judged separate
 *   (`threshold:review`, `threshold:separate`, `guard:no-personal-evidence`, `guard:different-cards:<programme>`...);
 *   `not-compared:no-shared-blocking-key` (or only a catch-all block, over its cap) or
 *   `not-compared:blocks-over-cap`.
 */
export type StoredPairExplanation = {
  a: string;
  b: string;
  clusters: [string, string];
  together: boolean;
  because: string;
  /** Every comparison on the forms the engine scored (after the per-identifier limit). */
  pair: PairExplanation;
  /** The scored pair as stored, when it was worth keeping (a link, a review, a relationship). */
  edge: Edge | undefined;
  /** Steward decisions on this very pair. */
  decisions: StewardDecision[];
  blocks: SharedBlock[];
  /** Emails and phones the per-identifier limit made the engine ignore, per record. */
  ignored: [readonly string[], readonly string[]];
};

/** Explains a pair of stored records through the store; undefined when either record is not stored. */
export async function explainStoredPair(
  engine: Engine,
  store: ResolutionStore,
  first: string,
  second: string,
): Promise<StoredPairExplanation | undefined> {
  const [a, b] = first < second ? [first, second] : [second, first];
  const [records, edges, decided] = await Promise.all([
    store.records([a, b]),
    store.edges([a]),
    store.decisions([a]),
  ]);
  const ra = records.get(a);
  const rb = records.get(b);
  if (ra === undefined || rb === undefined || a === b) return undefined;
  const [x, y] = [effectiveForm(ra), effectiveForm(rb)];
  const edge = edges.find((e) => (e.a === a && e.b === b) || (e.a === b && e.b === a));
  const decisions = decided.filter((d) => (d.a === a && d.b === b) || (d.a === b && d.b === a));

  const keysOfB = new Map(recordKeys(engine, y).map((k) => [k.key, k]));
  const shared = recordKeys(engine, x).filter((k) => keysOfB.has(k.key));
  const sizes = await store.blocks(new Map(shared.map((k) => [k.key, k.cap])));
  const blocks = shared.map((k) => ({ rule: k.rule, size: sizes.get(k.key)?.size ?? 0, cap: k.cap }));

  const pair = explainPrepared(engine, x, y);
  const together = ra.cluster === rb.cluster;
  return {
    a,
    b,
    clusters: [ra.cluster, rb.cluster],
    together,
    because: together
      ? whyTogether(edge, decisions)
      : whyApart(
          edge,
          decisions,
          blocks,
          pair,
          new Set(engine.rules.filter((r) => r.on.length === 0).map((r) => r.name)),
        ),
    pair,
    edge,
    decisions,
    blocks,
    ignored: [ra.overloaded, rb.overloaded],
  };
}

function whyTogether(edge: Edge | undefined, decisions: readonly StewardDecision[]): string {
  if (decisions.some((d) => d.kind === 'together')) return 'steward:together';
  if (edge?.kind === 'link' && edge.refusedBy === undefined) return edge.reason;
  return 'linked-through-other-records';
}

function whyApart(
  edge: Edge | undefined,
  decisions: readonly StewardDecision[],
  blocks: readonly SharedBlock[],
  pair: PairExplanation,
  catchAll: ReadonlySet<string>,
): string {
  if (decisions.some((d) => d.kind === 'apart')) return 'steward:apart';
  if (edge !== undefined) return edge.refusedBy === undefined ? edge.reason : `refused:${edge.refusedBy}`;
  // A catch-all rule (no key parts: every record in one block) is over its cap in any large population;
  // sharing only that block is sharing no key.
  const specific = blocks.filter((k) => !catchAll.has(k.rule));
  if (specific.length === 0 && blocks.every((k) => k.size > k.cap))
    return 'not-compared:no-shared-blocking-key';
  if (blocks.every((k) => k.size > k.cap)) return 'not-compared:blocks-over-cap';
  // Compared, and judged not worth keeping: below the review threshold, or held back by a guard.
  return pair.decision.reason;
}
