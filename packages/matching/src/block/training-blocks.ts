import type { PreparedRecord } from '../normalise/prepare.ts';
import { atLeast, indexKeys, RuleBlockTables, type MultiKeys } from './key-index.ts';
import { blockCap, type BlockingRule } from './rules.ts';

/**
 * One rule's blocks for training: blocks in the order their keys first appear (records in order), members
 * in record order, as integer lists. Only records with several keys keep their key strings, to tell which
 * block a pair belongs to when two such records share more than one key.
 */
export type RuleBlocks = {
  /** Block b's members are members[start[b] .. start[b + 1]). */
  start: Int32Array;
  members: Int32Array;
  oversized: Uint8Array;
  /** Records with several keys under the rule: their sorted keys and each key's block. */
  multi: MultiKeys;
};

/**
 * One rule's blocks. Without `tables` it allocates its own; with them, the result is views into the
 * tables, valid until the next rule is built with the same tables.
 */
export function buildRuleBlocks(
  prepared: readonly PreparedRecord[],
  rule: BlockingRule,
  maxBlockSize: number,
  tables = new RuleBlockTables(prepared.length),
): RuleBlocks {
  const multi: MultiKeys = new Map();
  indexKeys(prepared, rule, tables, multi);
  const { counts, entryRecord, entryBlock } = tables;
  const blocks = counts.length;
  const entries = entryRecord.length;
  tables.start = atLeast(tables.start, blocks + 1, (m) => new Int32Array(m));
  tables.fill = atLeast(tables.fill, blocks, (m) => new Int32Array(m));
  tables.oversized = atLeast(tables.oversized, blocks, (m) => new Uint8Array(m));
  tables.members = atLeast(tables.members, entries, (m) => new Int32Array(m));
  const start = tables.start.subarray(0, blocks + 1);
  const oversized = tables.oversized.subarray(0, blocks);
  const members = tables.members.subarray(0, entries);
  const fill = tables.fill.subarray(0, blocks);
  const cap = blockCap(rule, maxBlockSize);
  start[0] = 0;
  for (let b = 0; b < blocks; b++) {
    start[b + 1] = start[b]! + counts.data[b]!;
    fill[b] = start[b]!;
    oversized[b] = counts.data[b]! > cap ? 1 : 0;
  }
  for (let e = 0; e < entries; e++) members[fill[entryBlock.data[e]!]!++] = entryRecord.data[e]!;
  return { start, members, oversized, multi };
}

/**
 * The block of the smallest key (in string order) two records with several keys share, skipping oversized
 * blocks; -1 when none.
 */
function firstSharedBlock(
  x: { keys: readonly string[]; blocks: number[] },
  y: { keys: readonly string[]; blocks: number[] },
  oversized: Uint8Array,
): number {
  let i = 0;
  let j = 0;
  while (i < x.keys.length && j < y.keys.length) {
    const a = x.keys[i]!;
    const b = y.keys[j]!;
    if (a === b) {
      if (oversized[x.blocks[i]!] === 0) return x.blocks[i]!;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return -1;
}

/**
 * Every pair the rule generates, once: two records sharing several keys (two common emails) are
 * visited only in the block of their smallest shared key.
 */
export function forEachPairInRule(rb: RuleBlocks, visit: (i: number, j: number) => void): void {
  const { start, members, oversized, multi } = rb;
  for (let b = 0; b + 1 < start.length; b++) {
    if (start[b + 1]! - start[b]! < 2 || oversized[b] === 1) continue;
    for (let x = start[b]!; x < start[b + 1]!; x++) {
      const i = members[x]!;
      const mi = multi.get(i);
      for (let y = x + 1; y < start[b + 1]!; y++) {
        const j = members[y]!;
        // A record with one key shares only this block with anyone in it; two with several may share more.
        if (mi !== undefined) {
          const mj = multi.get(j);
          if (mj !== undefined && firstSharedBlock(mi, mj, oversized) !== b) continue;
        }
        visit(i, j);
      }
    }
  }
}

export function pairCount(rb: RuleBlocks): number {
  let n = 0;
  for (let b = 0; b + 1 < rb.start.length; b++) {
    const size = rb.start[b + 1]! - rb.start[b]!;
    if (rb.oversized[b] === 0) n += (size * (size - 1)) / 2;
  }
  return n;
}
