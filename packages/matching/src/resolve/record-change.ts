import type { PersonRecord } from '@rapport/contracts';
import type { StewardDecision } from './decisions.ts';

/** One input to incremental resolution. */
export type RecordChange =
  | { kind: 'upsert'; record: PersonRecord }
  | { kind: 'delete'; recordId: string }
  | { kind: 'decision'; decision: StewardDecision };

/** A batch reduced to what it leaves behind: each record's last version (null: deleted) and the decisions. */
export type CollapsedBatch = { records: Map<string, PersonRecord | null>; decisions: StewardDecision[] };

/**
 * Within a batch, a record's later change replaces its earlier ones (the order of one source record's
 * versions is the order they arrive in); decisions are a set, so their order never matters.
 */
export function collapse(changes: readonly RecordChange[]): CollapsedBatch {
  const records = new Map<string, PersonRecord | null>();
  const decisions: StewardDecision[] = [];
  const seen = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'upsert') {
      records.delete(c.record.recordId);
      records.set(c.record.recordId, c.record);
    } else if (c.kind === 'delete') {
      records.delete(c.recordId);
      records.set(c.recordId, null);
    } else {
      const d = c.decision;
      if (d.a === d.b) continue;
      const key = decisionKey(d);
      if (seen.has(key)) continue;
      seen.add(key);
      decisions.push(d);
    }
  }
  return { records, decisions };
}

/** Decisions are the same when they have the same kind and pair, whoever made them and why. */
export function decisionKey(d: StewardDecision): string {
  const [x, y] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
  return `${d.kind}\u001f${x}\u001f${y}`;
}
