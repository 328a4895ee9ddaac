import { ruleKeys } from '../block/keys.ts';
import { blockCap } from '../block/rules.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { Engine } from './engine.ts';
import type { Version } from './new-versions.ts';
import type { Block, KeyRow } from './resolution-store.ts';
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

/** What the batch does to one block: its cap, and the versions leaving and joining it. */
type Touched = { cap: number; gone: string[] | undefined; come: string[] | undefined };

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
  // A batch touches tens of thousands of blocks: one map entry per block holds its cap (a rule's, so
  // worked out once per rule) and its leavers and joiners, not a map for each.
  const capOf = engine.rules.map((rule) => blockCap(rule, engine.cfg.maxBlockSize));
  const touched = new Map<string, Touched>();
  // A record's keys, and beside each its block's entry.
  const keysOfRecord = (p: PreparedRecord, entries: Touched[]): string[] => {
    const out: string[] = [];
    ruleKeys(engine.rules, p, (key, rule) => {
      out.push(key);
      let t = touched.get(key);
      if (t === undefined) touched.set(key, (t = { cap: capOf[rule]!, gone: undefined, come: undefined }));
      entries.push(t);
    });
    return out;
  };
  const keysOf = new Map<string, readonly string[]>();
  const keyRows: BlockChanges['keyRows'] = { add: [], remove: [] };
  const was: Touched[] = [];
  const is: Touched[] = [];
  for (const v of versions.values()) {
    was.length = 0;
    is.length = 0;
    const before = v.old === undefined ? NONE : keysOfRecord(reader.effective(v.id), was);
    const after = v.effective === undefined ? NONE : keysOfRecord(v.effective, is);
    // Most versions are new records (nothing before) or deletions (nothing after): no sets to build then.
    const both = before.length > 0 && after.length > 0;
    const wasKeys = both ? new Set(before) : NO_KEYS;
    const isKeys = both ? new Set(after) : NO_KEYS;
    moved(v.id, before, was, isKeys, 'gone', keyRows.remove);
    moved(v.id, after, is, wasKeys, 'come', keyRows.add);
    if (v.effective !== undefined) keysOf.set(v.id, after);
  }

  // A block can lose at most its leavers in this batch: one stored above cap + leavers stays over its cap.
  const limits = new Map<string, number>();
  for (const [key, t] of touched) limits.set(key, t.cap + (t.gone?.length ?? 0));
  const stored = await reader.blocks(limits);
  const blocks = new Map<string, BlockAfter>();
  const flippedMembers = new Set<string>();
  const flips: Flip[] = [];
  for (const [key, { cap, gone, come }] of touched) {
    const b = stored.get(key) ?? EMPTY;
    const size = b.size - (gone?.length ?? 0) + (come?.length ?? 0);
    const wasCandidate = b.size <= cap;
    const isCandidate = size <= cap;
    let members: readonly string[] | undefined;
    if (isCandidate) {
      // Most blocks a batch touches only gain members. The store's lists are the batch's own (read-only
      // from here on), so a block the batch leaves as it was keeps the list it came in.
      const kept = gone === undefined ? b.members! : without(b.members!, gone);
      members = come === undefined ? kept : kept.concat(come);
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
    const keys: string[] = [];
    ruleKeys(engine.rules, reader.effective(id), (key, rule) => {
      keys.push(key);
      if (!blocks.has(key)) more.set(key, capOf[rule]!);
    });
    keysOf.set(id, keys);
  }
  const others = await reader.blocks(more);
  for (const [key, cap] of more) {
    const b = others.get(key) ?? EMPTY;
    blocks.set(key, { cap, size: b.size, members: b.size <= cap ? b.members : undefined });
  }
  return { blocks, keysOf, keyRows, flippedMembers, flips, flippedBlocks: flips.length };
}

/**
 * A version's `keys` (beside each its block's entry) that are not among `other`, its keys on the other side
 * of the change: the version leaves (`gone`) or joins (`come`) those blocks, and a key row goes or comes.
 */
function moved(
  id: string,
  keys: readonly string[],
  entries: readonly Touched[],
  other: ReadonlySet<string>,
  side: 'gone' | 'come',
  rows: KeyRow[],
): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (other.has(key)) continue;
    const t = entries[i]!;
    const list = t[side];
    if (list === undefined) t[side] = [id];
    else list.push(id);
    rows.push({ key, record: id });
  }
}

const EMPTY: Block = { size: 0, members: [] };

/** `members` less `gone` (usually one leaver: no set for that). */
function without(members: readonly string[], gone: readonly string[]): readonly string[] {
  if (gone.length === 1) {
    const id = gone[0];
    return members.filter((m) => m !== id);
  }
  const out = new Set(gone);
  return members.filter((m) => !out.has(m));
}
