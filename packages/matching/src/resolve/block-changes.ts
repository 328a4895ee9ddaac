import { ruleKeys } from '../block/keys.ts';
import { blockCap } from '../block/rules.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { Engine } from './engine.ts';
import type { Version } from './new-versions.ts';
import type { KeyRow } from './resolution-store.ts';
import type { StoreReader } from './store-reader.ts';

/** A block as it will be after the batch. */
export type BlockAfter = {
  cap: number;
  /** Records carrying the key (exact when the block is a candidate block). */
  size: number;
  /** Its members, when it is a candidate block (at most `cap`); undefined otherwise. */
  members: readonly string[] | undefined;
};

export type BlockChanges = {
  blocks: Map<string, BlockAfter>;
  /** The keys, after the batch, of every record to rescore. */
  keysOf: Map<string, readonly string[]>;
  keyRows: { add: KeyRow[]; remove: KeyRow[] };
  /**
   * Records the batch did not change whose candidates changed because a block crossed its cap, with their
   * keys in `keysOf` and every one of their blocks in `blocks`.
   */
  flippedMembers: Set<string>;
  /** The blocks that crossed their cap, with those of their members the batch did not change. */
  flips: Flip[];
  flippedBlocks: number;
};

/**
 * A block that crossed its cap. Between two records the batch did not change, only the pairs inside it
 * change: compared from now on when it became a candidate block (its members after the batch), no longer
 * compared through it when it outgrew its cap (its members before).
 */
export type Flip = { key: string; becameCandidate: boolean; members: readonly string[] };

const NONE: readonly string[] = [];
const NO_KEYS: ReadonlySet<string> = new Set();

function keysWithCaps(engine: Engine, p: PreparedRecord, caps: Map<string, number>): string[] {
  const out: string[] = [];
  ruleKeys(engine.rules, p, (key, rule) => {
    out.push(key);
    caps.set(key, blockCap(engine.rules[rule]!, engine.cfg.maxBlockSize));
  });
  return out;
}

/**
 * The blocks the versions leave and join, with their sizes after the batch. A block crossing its cap
 * changes which pairs of its members are compared: the other blocks of those the batch did not change are
 * fetched too, to tell whether a pair is still compared through another block. One store call, two when a
 * block crosses its cap.
 */
export async function blockChanges(
  engine: Engine,
  reader: StoreReader,
  versions: ReadonlyMap<string, Version>,
): Promise<BlockChanges> {
  const caps = new Map<string, number>();
  const leavers = new Map<string, string[]>();
  const joiners = new Map<string, string[]>();
  const keysOf = new Map<string, readonly string[]>();
  const keyRows: BlockChanges['keyRows'] = { add: [], remove: [] };
  const push = (m: Map<string, string[]>, key: string, id: string): void => {
    const list = m.get(key);
    if (list === undefined) m.set(key, [id]);
    else list.push(id);
  };
  for (const v of versions.values()) {
    const before = v.old === undefined ? NONE : keysWithCaps(engine, reader.effective(v.id), caps);
    const after = v.effective === undefined ? NONE : keysWithCaps(engine, v.effective, caps);
    // Most versions are new records (nothing before) or deletions (nothing after): no sets to build then.
    const both = before.length > 0 && after.length > 0;
    const was = both ? new Set(before) : NO_KEYS;
    const is = both ? new Set(after) : NO_KEYS;
    for (const key of before)
      if (!is.has(key)) {
        push(leavers, key, v.id);
        keyRows.remove.push({ key, record: v.id });
      }
    for (const key of after)
      if (!was.has(key)) {
        push(joiners, key, v.id);
        keyRows.add.push({ key, record: v.id });
      }
    if (v.effective !== undefined) keysOf.set(v.id, after);
  }

  // A block can lose at most its leavers in this batch: one stored above cap + leavers stays over its cap.
  const limits = new Map<string, number>();
  for (const [key, cap] of caps) limits.set(key, cap + (leavers.get(key)?.length ?? 0));
  const stored = await reader.blocks(limits);
  const blocks = new Map<string, BlockAfter>();
  const flippedMembers = new Set<string>();
  const flips: Flip[] = [];
  for (const [key, cap] of caps) {
    const b = stored.get(key) ?? { size: 0, members: [] };
    const gone = leavers.get(key) ?? [];
    const come = joiners.get(key) ?? [];
    const size = b.size - gone.length + come.length;
    const wasCandidate = b.size <= cap;
    const isCandidate = size <= cap;
    let members: string[] | undefined;
    if (isCandidate) {
      // Most blocks a batch touches only gain members.
      const out = gone.length === 0 ? undefined : new Set(gone);
      const kept = out === undefined ? b.members! : b.members!.filter((m) => !out.has(m));
      members = come.length === 0 ? [...kept] : kept.concat(come);
    }
    if (wasCandidate !== isCandidate) {
      const unchanged = (wasCandidate ? b.members! : members!).filter((m) => !versions.has(m));
      for (const m of unchanged) flippedMembers.add(m);
      flips.push({ key, becameCandidate: isCandidate, members: unchanged });
    }
    blocks.set(key, { cap, size, members });
  }

  // Members of a block that crossed its cap keep their keys; their other blocks did not change in size.
  await reader.load(flippedMembers);
  const more = new Map<string, number>();
  for (const id of flippedMembers) {
    const keys = keysWithCaps(engine, reader.effective(id), caps);
    keysOf.set(id, keys);
    for (const key of keys) if (!blocks.has(key)) more.set(key, caps.get(key)!);
  }
  const others = await reader.blocks(more);
  for (const [key, cap] of more) {
    const b = others.get(key) ?? { size: 0, members: [] };
    blocks.set(key, { cap, size: b.size, members: b.size <= cap ? b.members : undefined });
  }
  return { blocks, keysOf, keyRows, flippedMembers, flips, flippedBlocks: flips.length };
}
