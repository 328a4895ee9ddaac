import type { PersonRecord } from '@rapport/contracts';
import { keptBlockingKeys } from '../block/keys.ts';
import { blockCap } from '../block/rules.ts';
import { clusterIdOf } from '../cluster/cluster-id.ts';
import { clusterEdges, type LinkEdge } from '../cluster/greedy.ts';
import { prepareRecord, withoutOverloaded, type PreparedRecord } from '../normalise/prepare.ts';
import type { EngineConfig } from './config.ts';
import type { StewardDecision } from './decisions.ts';
import { describeChange, type ClusterChange } from './cluster-change.ts';
import {
  addDecision,
  createResolverState,
  type ResolverState,
  type StoredEdge,
} from './incremental-state.ts';
import { contradicts, judgePair, TIER_STEWARD } from './judge-pair.ts';
import {
  relationshipsFrom,
  reviewPairsFrom,
  type PairNote,
  type RelatedNote,
  type Relationship,
  type ReviewPair,
} from './outcome.ts';

export type RecordChange =
  | { kind: 'upsert'; record: PersonRecord }
  | { kind: 'delete'; record: PersonRecord | { recordId: string } }
  | { kind: 'decision'; decision: StewardDecision };

export function createResolver(opts: {
  model: ResolverState['model'];
  config?: Partial<EngineConfig>;
  decisions?: StewardDecision[];
}): ResolverState {
  return createResolverState(opts);
}

/**
 * Apply one change and re-cluster only what it can affect: the connected components (over link,
 * review and steward edges) around every record whose edges changed. Clustering a component is a
 * function of its records and edges alone, so the outcome equals a batch run over the same set.
 */
export function applyChange(
  state: ResolverState,
  change: RecordChange,
): { state: ResolverState; change: ClusterChange } {
  const rescore = new Set<string>();
  const touched = new Set<string>();
  let subject: string;
  let removed: string | undefined;

  if (change.kind === 'decision') {
    addDecision(state, change.decision);
    subject = change.decision.a;
    for (const id of [change.decision.a, change.decision.b]) if (state.records.has(id)) touched.add(id);
  } else {
    const id = change.record.recordId;
    subject = id;
    touched.add(id);
    const old = state.base.get(id);
    const valuesBefore = old === undefined ? [] : [...old.emails, ...old.phones];
    if (old !== undefined) {
      state.load.add(old, -1);
      for (const v of valuesBefore) state.carriers.get(v)?.delete(id);
    }
    let fresh: PreparedRecord | undefined;
    if (change.kind === 'upsert') {
      fresh = prepareRecord(change.record, state.normalise);
      state.load.add(fresh, 1);
      state.records.set(id, change.record);
      state.base.set(id, fresh);
      for (const v of [...fresh.emails, ...fresh.phones]) {
        let s = state.carriers.get(v);
        if (s === undefined) state.carriers.set(v, (s = new Set()));
        s.add(id);
      }
    } else {
      removed = id;
      state.records.delete(id);
      state.base.delete(id);
    }
    rescore.add(id);
    // An identifier crossing the per-identifier limit changes every record that carries it.
    for (const v of new Set([
      ...valuesBefore,
      ...(fresh === undefined ? [] : [...fresh.emails, ...fresh.phones]),
    ])) {
      const now = state.load.peopleFor(v) > state.cfg.maxPeoplePerIdentifier;
      if (now === state.overloaded.has(v)) continue;
      if (now) state.overloaded.add(v);
      else state.overloaded.delete(v);
      for (const c of state.carriers.get(v) ?? []) rescore.add(c);
    }
  }

  // Re-index every record to rescore; blocks that cross the size cap change candidacy for all members.
  const flipped = new Set<string>();
  for (const id of rescore) reindex(state, id, flipped);
  for (const id of flipped) rescore.add(id);
  for (const id of rescore) dropEdges(state, id, touched);
  for (const id of rescore) if (state.prepared.has(id)) scoreAgainstCandidates(state, id, touched);

  const affected = new Set<string>();
  for (const id of touched) {
    affected.add(id);
    const c = state.clusterOf.get(id);
    if (c !== undefined) for (const m of state.clusters.get(c) ?? []) affected.add(m);
  }
  const components = componentsOf(
    state,
    [...affected].filter((id) => state.prepared.has(id)),
  );
  const before = new Map<string, string[]>();
  const noteBefore = (id: string): void => {
    const c = state.clusterOf.get(id);
    if (c !== undefined && !before.has(c)) before.set(c, state.clusters.get(c)!);
  };
  for (const id of affected) noteBefore(id);
  if (removed !== undefined) noteBefore(removed);
  // Old clusters of every record in the recomputed components are replaced wholesale.
  for (const comp of components) for (const id of comp) noteBefore(id);
  for (const c of before.keys()) state.clusters.delete(c);
  if (removed !== undefined) state.clusterOf.delete(removed);
  const after = recluster(state, components);
  const beforeList = [...before].map(([id, members]) => ({ id, members }));
  return { state, change: describeChange(change.kind, subject, removed, beforeList, after) };
}

function reindex(state: ResolverState, id: string, flipped: Set<string>): void {
  const oldKeys = state.keysOf.get(id);
  const base = state.base.get(id);
  const p = base === undefined ? undefined : withoutOverloaded(base, state.overloaded);
  if (p === undefined) state.prepared.delete(id);
  else state.prepared.set(id, p);
  const newKeys = p === undefined ? undefined : state.rules.map((r) => keptBlockingKeys(r, p));
  state.rules.forEach((rule, r) => {
    const cap = blockCap(rule, state.cfg.maxBlockSize);
    const index = state.index[r]!;
    const before = oldKeys?.[r] ?? [];
    const next = newKeys?.[r] ?? [];
    for (const k of before) {
      if (next.includes(k)) continue;
      const s = index.get(k)!;
      const wasOver = s.size > cap;
      s.delete(id);
      if (wasOver && s.size <= cap) for (const m of s) flipped.add(m);
      if (s.size === 0) index.delete(k);
    }
    for (const k of next) {
      if (before.includes(k)) continue;
      let s = index.get(k);
      if (s === undefined) index.set(k, (s = new Set()));
      const wasOver = s.size > cap;
      s.add(id);
      if (!wasOver && s.size > cap) for (const m of s) flipped.add(m);
    }
  });
  if (newKeys === undefined) state.keysOf.delete(id);
  else state.keysOf.set(id, newKeys);
}

function dropEdges(state: ResolverState, id: string, touched: Set<string>): void {
  const mine = state.edges.get(id);
  if (mine === undefined) return;
  for (const other of mine.keys()) {
    touched.add(other);
    const theirs = state.edges.get(other);
    theirs?.delete(id);
    if (theirs?.size === 0) state.edges.delete(other);
  }
  state.edges.delete(id);
}

function scoreAgainstCandidates(state: ResolverState, id: string, touched: Set<string>): void {
  const me = state.prepared.get(id)!;
  const keys = state.keysOf.get(id)!;
  const seen = new Set<string>([id]);
  for (let r = 0; r < state.rules.length; r++) {
    const cap = blockCap(state.rules[r]!, state.cfg.maxBlockSize);
    for (const k of keys[r]!) {
      const block = state.index[r]!.get(k)!;
      if (block.size > cap) continue;
      for (const other of block) {
        if (seen.has(other)) continue;
        seen.add(other);
        if (state.edges.get(id)?.has(other) === true) continue;
        const them = state.prepared.get(other)!;
        const [a, b] = me.id < them.id ? [me, them] : [them, me];
        const v = judgePair(state.cm, state.cfg, a, b);
        if (v.kind === 'separate' && v.related === undefined) continue;
        const edge: StoredEdge = {
          kind: v.kind,
          tier: v.tier,
          weight: v.weight,
          reason: v.reason,
          related: v.related,
          refusedBy: undefined,
        };
        setEdge(state, id, other, edge);
        touched.add(other);
      }
    }
  }
}

function setEdge(state: ResolverState, x: string, y: string, e: StoredEdge): void {
  for (const [p, q] of [
    [x, y],
    [y, x],
  ] as const) {
    let m = state.edges.get(p);
    if (m === undefined) state.edges.set(p, (m = new Map()));
    m.set(q, e);
  }
}

/** Records connected to `seeds` by link, review or steward-together edges. */
function componentsOf(state: ResolverState, seeds: string[]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const s of seeds) {
    if (seen.has(s)) continue;
    const comp: string[] = [];
    const stack = [s];
    seen.add(s);
    while (stack.length > 0) {
      const x = stack.pop()!;
      comp.push(x);
      const next = [...(state.edges.get(x) ?? new Map<string, StoredEdge>()).entries()]
        .filter(([, e]) => e.kind !== 'separate')
        .map(([y]) => y);
      for (const y of state.together.get(x) ?? []) if (state.prepared.has(y)) next.push(y);
      for (const y of next) {
        if (seen.has(y)) continue;
        seen.add(y);
        stack.push(y);
      }
    }
    out.push(comp);
  }
  return out;
}

function recluster(state: ResolverState, components: string[][]): { id: string; members: string[] }[] {
  const after: { id: string; members: string[] }[] = [];
  for (const comp of components) {
    comp.sort();
    const nodes = comp.map((id) => state.prepared.get(id)!);
    const at = new Map(comp.map((id, i) => [id, i]));
    const links: LinkEdge[] = [];
    const stored: StoredEdge[] = [];
    for (let i = 0; i < comp.length; i++) {
      for (const [other, e] of state.edges.get(comp[i]!) ?? []) {
        const j = at.get(other);
        if (j === undefined || j <= i) continue;
        e.refusedBy = undefined;
        if (e.kind === 'link') {
          links.push({ x: i, y: j, tier: e.tier, weight: e.weight, reason: e.reason });
          stored.push(e);
        }
      }
      for (const other of state.together.get(comp[i]!) ?? []) {
        const j = at.get(other);
        if (j !== undefined && j > i)
          links.push({ x: i, y: j, tier: TIER_STEWARD, weight: Infinity, reason: 'steward:together' });
      }
    }
    const { root, refused } = clusterEdges(nodes, links, {
      apart: state.apart,
      maxClusterSize: state.cfg.maxClusterSize,
      contradicts: (a, b) => contradicts(state.cm, state.cfg, a, b),
    });
    for (const r of refused) {
      const e = state.edges.get(comp[r.edge.x]!)?.get(comp[r.edge.y]!);
      if (e !== undefined) e.refusedBy = r.guard;
    }
    const groups = new Map<number, string[]>();
    for (let i = 0; i < comp.length; i++) {
      const g = groups.get(root[i]!);
      if (g === undefined) groups.set(root[i]!, [comp[i]!]);
      else g.push(comp[i]!);
    }
    for (const members of groups.values()) {
      const id = clusterIdOf(members[0]!);
      state.clusters.set(id, members);
      for (const m of members) state.clusterOf.set(m, id);
      after.push({ id, members });
    }
  }
  return after;
}

/** The whole current outcome, in the same shape as a batch run. */
export function snapshot(state: ResolverState): {
  assignments: Map<string, string>;
  reviewPairs: ReviewPair[];
  related: Relationship[];
} {
  const reviews: PairNote[] = [];
  const related: RelatedNote[] = [];
  for (const [a, m] of state.edges) {
    for (const [b, e] of m) {
      if (!(a < b)) continue;
      if (e.kind === 'review') reviews.push({ a, b, weight: e.weight, reason: e.reason });
      else if (e.kind === 'link' && e.refusedBy !== undefined)
        reviews.push({ a, b, weight: e.weight, reason: `${e.reason}+guard:${e.refusedBy}` });
      if (e.related !== undefined) related.push({ a, b, kinds: e.related });
    }
  }
  const clusterOf = (id: string): string | undefined => state.clusterOf.get(id);
  const assignments = new Map([...state.clusterOf].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
  return {
    assignments,
    reviewPairs: reviewPairsFrom(reviews, clusterOf),
    related: relationshipsFrom(related, clusterOf),
  };
}
