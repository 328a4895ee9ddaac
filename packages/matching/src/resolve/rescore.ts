import type { PreparedRecord } from '../normalise/prepare.ts';
import type { BlockChanges } from './block-changes.ts';
import type { Engine } from './engine.ts';
import { judgePair } from './judge-pair.ts';
import type { Version } from './new-versions.ts';
import type { Edge } from './resolution-store.ts';
import type { StoreReader } from './store-reader.ts';

export const pairKey = (a: string, b: string): string => (a < b ? `${a}\u001f${b}` : `${b}\u001f${a}`);

export type Rescored = {
  /** Records whose edges were all recomputed: the versions still present. */
  rescored: Set<string>;
  /** Pairs of records the batch did not change, judged because a block they share became a candidate block. */
  rejudged: Set<string>;
  /** The edges of both after the batch, by pairKey. */
  edges: Map<string, Edge>;
  comparisons: number;
};

/** The edge a pair leaves, judged from the two records alone (as the batch judges it); `a.id < b.id`. */
function judged(engine: Engine, a: PreparedRecord, b: PreparedRecord): Edge | undefined {
  const v = judgePair(engine.cm, engine.cfg, a, b);
  if (v.kind === 'separate' && v.related === undefined) return undefined;
  return {
    a: a.id,
    b: b.id,
    kind: v.kind,
    tier: v.tier,
    weight: v.weight,
    reason: v.reason,
    related: v.related,
    refusedBy: undefined,
  };
}

/**
 * Every pair a changed record forms in its candidate blocks, and every pair of unchanged records inside a
 * block that became a candidate block, judged once. A block that outgrew its cap needs no judging: the
 * pairs it no longer yields keep no edge unless another candidate block yields them (stillCompared).
 * This is what the batch compares: at most the pairs of the blocks under their caps, each once, however
 * the records were split into batches; over a stream, a block that later outgrows its cap has had its
 * pairs judged while it was under it (at most cap x (cap - 1) / 2 per block). One store call: the
 * candidates' records.
 */
export async function rescore(
  engine: Engine,
  reader: StoreReader,
  versions: ReadonlyMap<string, Version>,
  changes: BlockChanges,
): Promise<Rescored> {
  const rescored = new Set<string>();
  for (const v of versions.values()) if (v.effective !== undefined) rescored.add(v.id);
  const candidates = new Map<string, Set<string>>();
  const others = new Set<string>();
  for (const x of rescored) {
    const mine = new Set<string>();
    for (const key of changes.keysOf.get(x)!) {
      const members = changes.blocks.get(key)!.members;
      if (members === undefined) continue;
      for (const y of members) {
        if (y === x) continue;
        mine.add(y);
        if (!versions.has(y)) others.add(y);
      }
    }
    candidates.set(x, mine);
  }
  await reader.load(others);
  const preparedOf = (id: string): PreparedRecord => versions.get(id)?.effective ?? reader.effective(id);

  const edges = new Map<string, Edge>();
  let comparisons = 0;
  for (const [x, mine] of candidates) {
    for (const y of mine) {
      // A pair of two rescored records is met from both sides: judged from the smaller id's. (A set of
      // pair keys did the same, but building millions of key strings was most of this loop's time.)
      if (y < x && candidates.get(y)?.has(x) === true) continue;
      comparisons++;
      const e =
        x < y ? judged(engine, preparedOf(x), preparedOf(y)) : judged(engine, preparedOf(y), preparedOf(x));
      if (e !== undefined) edges.set(pairKey(x, y), e);
    }
  }

  // Members of flipped blocks were loaded by blockChanges.
  const rejudged = new Set<string>();
  for (const flip of changes.flips) {
    if (!flip.becameCandidate) continue;
    const members = [...flip.members].sort();
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        const key = pairKey(members[i]!, members[j]!);
        if (rejudged.has(key)) continue;
        rejudged.add(key);
        comparisons++;
        const e = judged(engine, reader.effective(members[i]!), reader.effective(members[j]!));
        if (e !== undefined) edges.set(key, e);
      }
  }
  return { rescored, rejudged, edges, comparisons };
}

/** Whether two records the batch did not change, both members of flipped blocks, share a candidate block after it. */
export function stillCompared(changes: BlockChanges, x: string, y: string): boolean {
  const theirs = new Set(changes.keysOf.get(y)!);
  return changes.keysOf
    .get(x)!
    .some((key) => theirs.has(key) && changes.blocks.get(key)!.members !== undefined);
}
