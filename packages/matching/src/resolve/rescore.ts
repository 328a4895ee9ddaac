import type { PreparedRecord } from '../normalise/prepare.ts';
import type { BlockChanges } from './block-changes.ts';
import type { Engine } from './engine.ts';
import { judgePair } from './judge-pair.ts';
import type { Version } from './new-versions.ts';
import type { Edge } from './resolution-store.ts';
import type { StoreReader } from './store-reader.ts';

export const pairKey = (a: string, b: string): string => (a < b ? `${a}\u001f${b}` : `${b}\u001f${a}`);

export type Rescored = {
  /** Records whose edges were recomputed: the versions still present and the members of flipped blocks. */
  rescored: Set<string>;
  /** Their edges after the batch, by pairKey. */
  edges: Map<string, Edge>;
  comparisons: number;
};

/**
 * Every pair a rescored record forms in its candidate blocks, judged from the two records alone (as the
 * batch judges it), once. One store call: the candidates' records.
 */
export async function rescore(
  engine: Engine,
  reader: StoreReader,
  versions: ReadonlyMap<string, Version>,
  changes: BlockChanges,
): Promise<Rescored> {
  const rescored = new Set<string>(changes.flippedMembers);
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
      const [a, b] = x < y ? [preparedOf(x), preparedOf(y)] : [preparedOf(y), preparedOf(x)];
      const v = judgePair(engine.cm, engine.cfg, a, b);
      if (v.kind === 'separate' && v.related === undefined) continue;
      edges.set(pairKey(x, y), {
        a: a.id,
        b: b.id,
        kind: v.kind,
        tier: v.tier,
        weight: v.weight,
        reason: v.reason,
        related: v.related,
        refusedBy: undefined,
      });
    }
  }
  return { rescored, edges, comparisons };
}
