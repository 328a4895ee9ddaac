import type { PersonRecord } from '@rapport/contracts';
import type { StewardDecision } from './decisions.ts';

/** One input to incremental resolution. */
export type RecordChange =
  | { kind: 'upsert'; record: PersonRecord }
  | { kind: 'delete'; recordId: string }
  | { kind: 'decision'; decision: StewardDecision }
  /** Withdraws every steward decision on the pair (a steward revoked it, or a record of it was erased). */
  | { kind: 'revoke'; a: string; b: string };

/**
 * A batch reduced to what it leaves behind: each record's last version (null: deleted), the decisions it
 * adds, and the pairs whose stored decisions it withdraws (each `[a, b]` with `a < b`).
 */
export type CollapsedBatch = {
  records: Map<string, PersonRecord | null>;
  decisions: StewardDecision[];
  revoked: [string, string][];
};

/**
 * Within a batch, a record's later change replaces its earlier ones (the order of one source record's
 * versions is the order they arrive in). Decisions are a set, so their order never matters, except that
 * a revocation withdraws the decisions on its pair made before it (stored, or earlier in the batch): the
 * batch means what applying its changes one by one would mean.
 */
export function collapse(changes: readonly RecordChange[]): CollapsedBatch {
  const records = new Map<string, PersonRecord | null>();
  const decisions = new Map<string, StewardDecision>();
  const revoked = new Map<string, [string, string]>();
  for (const c of changes) {
    if (c.kind === 'upsert') {
      records.delete(c.record.recordId);
      records.set(c.record.recordId, c.record);
    } else if (c.kind === 'delete') {
      records.delete(c.recordId);
      records.set(c.recordId, null);
    } else if (c.kind === 'revoke') {
      if (c.a === c.b) continue;
      const pair: [string, string] = c.a < c.b ? [c.a, c.b] : [c.b, c.a];
      revoked.set(pair.join('\u001f'), pair);
      for (const kind of ['together', 'apart'] as const)
        decisions.delete(decisionKey({ kind, a: c.a, b: c.b }));
    } else {
      const d = c.decision;
      if (d.a === d.b) continue;
      const key = decisionKey(d);
      if (!decisions.has(key)) decisions.set(key, d);
    }
  }
  return { records, decisions: [...decisions.values()], revoked: [...revoked.values()] };
}

/** The pair of a decision, `a < b`, as collapse names revoked pairs. */
export function pairOf(d: { a: string; b: string }): string {
  return d.a < d.b ? `${d.a}\u001f${d.b}` : `${d.b}\u001f${d.a}`;
}

/** Decisions are the same when they have the same kind and pair, whoever made them and why. */
export function decisionKey(d: StewardDecision): string {
  const [x, y] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
  return `${d.kind}\u001f${x}\u001f${y}`;
}
