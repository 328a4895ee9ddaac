import {
  personRecordId,
  socialAuthorKey,
  socialAuthorTopic,
  type AuthorCandidates,
} from '@rapport/contracts';
import {
  effectiveForm,
  explainPrepared,
  rankCandidates,
  recordKeys,
  type Candidate,
  type StoredRecord,
} from '@rapport/matching';
import { customerSummary } from './customer-summary.ts';
import { nameSoundKeys, type KeyHasher } from './lookup-keys.ts';
import type { CurrentEngine, ReadSnapshot } from './ports.ts';
import { isKnown } from './record-sources.ts';
import { AuthorNotFound } from './problems.ts';

// Blocks are read further than the engine's caps, and every record sounding like the author is judged: a
// care agent looking for one person can afford a wider net than resolution, up to this many records.
const BLOCK_LIMIT = 1000;
const MAX_CANDIDATES = 5000;

export type CandidateDeps = { engine: CurrentEngine; hash: KeyHasher; snapshot: ReadSnapshot };

/**
 * Who an unresolved social author may be: loyalty and CRM customers with a record that shares a blocking
 * key with the author (read past the engine's caps), sounds like the author's display name (both names, or
 * the family name), or was scored against it and held back; judged by the engine, best record per customer first, each with its
 * explanation. A care agent confirms one with a single steward decision (author record, candidate record).
 */
export function authorCandidates(
  deps: CandidateDeps,
  author: { platform: string; handle: string },
  limit: number,
): Promise<AuthorCandidates> {
  const recordId = personRecordId(socialAuthorTopic.name, socialAuthorKey(author));
  return deps.snapshot(async (reads) => {
    const { store } = reads;
    const engine = await deps.engine();
    const self = (await store.records([recordId])).get(recordId);
    if (self === undefined) throw new AuthorNotFound(recordId);
    const members = (await store.clusters([self.cluster])).get(self.cluster) ?? [recordId];
    if (members.some(isKnown)) return { recordId, customerId: self.cluster, resolved: true, candidates: [] };

    const probe = effectiveForm(self);
    const [edges, blocks, hits] = await Promise.all([
      store.edges([recordId]),
      store.blocks(new Map(recordKeys(engine, probe).map((k) => [k.key, BLOCK_LIMIT]))),
      reads.findKeys(nameSoundKeys(probe).map(deps.hash)),
    ]);
    const found = new Set<string>();
    for (const e of edges) found.add(e.a === recordId ? e.b : e.a);
    for (const b of blocks.values()) for (const id of b.members ?? []) found.add(id);
    for (const h of hits) found.add(h.record);
    const inside = new Set(members);
    const known = [...found].filter((id) => isKnown(id) && !inside.has(id)).sort();
    const records = await store.records(known.slice(0, MAX_CANDIDATES));
    const ranked = rankCandidates(engine, probe, [...records.values()].map(effectiveForm));
    const best = new Map<string, { candidate: Candidate; record: StoredRecord }>();
    for (const candidate of ranked) {
      const record = records.get(candidate.recordId)!;
      if (!best.has(record.cluster)) best.set(record.cluster, { candidate, record });
      if (best.size === limit) break;
    }
    const summaries = await reads.members([...best.keys()]);
    return {
      recordId,
      customerId: self.cluster,
      resolved: false,
      candidates: [...best].map(([customer, { candidate, record }]) => ({
        ...customerSummary(customer, summaries.get(customer) ?? []),
        recordId: candidate.recordId,
        probability: candidate.probability,
        explanation: explainPrepared(engine, probe, effectiveForm(record)),
      })),
    };
  });
}
