import { probabilityOf } from '../model/compiled.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { Engine } from '../resolve/engine.ts';
import { judgePair } from '../resolve/judge-pair.ts';

/** A record judged against a probe (a search, or a record looking for its customer). */
export type Candidate = {
  recordId: string;
  /** Prior plus comparison weights, log2 odds; the ranking key. */
  weight: number;
  probability: number;
  /** How the engine would judge the pair: link, review or separate, and the rule or guard that says so. */
  kind: 'link' | 'review' | 'separate';
  reason: string;
};

/**
 * The candidates judged against the probe, best first (ties by record id), each once, the probe itself
 * left out. Give effective forms (after the per-identifier limit) for stored records.
 */
export function rankCandidates(
  engine: Engine,
  probe: PreparedRecord,
  candidates: Iterable<PreparedRecord>,
): Candidate[] {
  const seen = new Set<string>([probe.id]);
  const out: Candidate[] = [];
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const [x, y] = probe.id < c.id ? [probe, c] : [c, probe];
    const v = judgePair(engine.cm, engine.cfg, x, y);
    out.push({
      recordId: c.id,
      weight: v.weight,
      probability: probabilityOf(v.weight),
      kind: v.kind,
      reason: v.reason,
    });
  }
  return out.sort((p, q) => (p.weight !== q.weight ? q.weight - p.weight : p.recordId < q.recordId ? -1 : 1));
}
