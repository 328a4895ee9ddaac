import type { PreparedRecord } from '../normalise/prepare.ts';
import { blockingKeys } from './keys.ts';
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
  multi: Map<number, { keys: readonly string[]; blocks: number[] }>;
};

export type BlockingStats = {
  /** Pairs compared, each counted once, under the first rule that generated it. */
  comparisons: number;
  comparisonsByRule: Record<string, number>;
  /** Blocks skipped because they held more than `maxBlockSize` records (junk or very common values). */
  oversizedBlocksByRule: Record<string, number>;
};

/**
 * Tables a training run reuses for every rule's blocks: typed arrays live outside the heap, and allocating
 * fresh ones per rule (tens of MB each at a million records) makes V8 start full collections of the
 * whole heap for the external memory, as in generateCandidatePairs.
 */
export class RuleBlockTables {
  readonly ids: KeyIds;
  readonly counts: IntList;
  readonly entryRecord: IntList;
  readonly entryBlock: IntList;
  start = new Int32Array(0);
  fill = new Int32Array(0);
  members = new Int32Array(0);
  oversized = new Uint8Array(0);
  constructor(records: number) {
    this.ids = new KeyIds(records + 16);
    this.counts = new IntList(records + 16);
    this.entryRecord = new IntList(records + 16);
    this.entryBlock = new IntList(records + 16);
  }
}

/** Twice the length needed when a table must grow, so that later rules rarely allocate again. */
function atLeast<T extends Int32Array | Uint8Array>(table: T, length: number, make: (n: number) => T): T {
  return table.length >= length ? table : make(length * 2);
}

/**
 * Every record's keys under one rule, as dense block ids numbered in order of first appearance: the
 * tables' counts (records per block) and entries (record, block), in record order. With `multi`, records
 * with several keys also keep their sorted keys and each key's block.
 */
function indexKeys(
  prepared: readonly PreparedRecord[],
  rule: BlockingRule,
  tables: RuleBlockTables,
  multi?: RuleBlocks['multi'],
): void {
  const { ids, counts, entryRecord, entryBlock } = tables;
  ids.clear();
  counts.clear();
  entryRecord.clear();
  entryBlock.clear();
  for (let i = 0; i < prepared.length; i++) {
    const ks = blockingKeys(rule, prepared[i]!);
    const blocks: number[] | undefined = multi !== undefined && ks.length > 1 ? [] : undefined;
    for (const k of ks) {
      const id = ids.idOf(k, counts.length);
      if (id === counts.length) counts.push(0);
      counts.data[id]!++;
      entryRecord.push(i);
      entryBlock.push(id);
      blocks?.push(id);
    }
    if (blocks !== undefined) multi!.set(i, { keys: ks.slice(), blocks });
  }
}

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
  // Keys as hashes in typed arrays rather than strings in a Map: at a million records a Map of every key
  // with its member list lived through the rule's EM session, was promoted, and left each rule's blocks
  // for full collections of the whole heap to sweep.
  const multi: RuleBlocks['multi'] = new Map();
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

class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  clear(): void {
    this.length = 0;
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Dense ids for string keys by two independent 32-bit hashes (open addressing). Two distinct keys share an
 * id only if both hashes collide (about one chance in 10^7 per rule at a million keys); the cost of that is
 * a few extra comparisons, never a wrong decision, since every candidate pair is still judged.
 */
class KeyIds {
  // One slot = three consecutive ints (hash 1, hash 2, id + 1; 0 is empty), so a probe reads one cache line.
  #slots: Int32Array;
  #capacity: number;
  #count = 0;
  constructor(expectedKeys: number) {
    let capacity = 1024;
    while (capacity < expectedKeys * 2) capacity *= 2;
    this.#capacity = capacity;
    this.#slots = new Int32Array(capacity * 3);
  }

  /** Forget every key but keep the table, so the next rule allocates nothing. */
  clear(): void {
    this.#slots.fill(0);
    this.#count = 0;
  }

  /** The key's id, or `next` (recorded as its id) when the key is new. */
  idOf(key: string, next: number): number {
    if ((this.#count + 1) * 2 > this.#capacity) this.#grow();
    let a = 0x811c9dc5 | 0;
    let b = 0x01000193 | 0;
    for (let c = 0; c < key.length; c++) {
      const ch = key.charCodeAt(c);
      a = Math.imul(a ^ ch, 0x01000193);
      b = Math.imul(b + ch, 0x5bd1e995) ^ (b >>> 15);
    }
    b = Math.imul(b ^ (b >>> 13), 0x85ebca6b) ^ key.length;
    return this.#probe(a, b, next);
  }

  #probe(a: number, b: number, next: number): number {
    const slots = this.#slots;
    const mask = this.#capacity - 1;
    let slot = (a ^ (b >>> 7)) & mask;
    for (;;) {
      const at = slot * 3;
      const id = slots[at + 2]! - 1;
      if (id < 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = next + 1;
        this.#count++;
        return next;
      }
      if (slots[at] === a && slots[at + 1] === b) return id;
      slot = (slot + 1) & mask;
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#capacity *= 2;
    this.#slots = new Int32Array(this.#capacity * 3);
    this.#count = 0;
    for (let at = 0; at < old.length; at += 3)
      if (old[at + 2]! > 0) this.#probe(old[at]!, old[at + 1]!, old[at + 2]! - 1);
  }
}

/**
 * Candidate pairs under all rules, each visited once (under the first rule that generates it), so the
 * engine never compares everything with everything.
 *
 * Blocks of every rule are kept as compact integer lists (a record's blocks, a block's members); the
 * string keys of one rule live only while that rule is indexed. Pairs are then enumerated record by
 * record: for record i, the members after i of each of its blocks, rules in order, with a stamp per
 * record so a pair two rules (or two keys) share is visited once, under its first rule. Cost: the
 * block pairs themselves, with no per-pair check against earlier rules.
 */
export function generateCandidatePairs(
  prepared: readonly PreparedRecord[],
  rules: readonly BlockingRule[],
  maxBlockSize: number,
  visit: (i: number, j: number, ruleIndex: number) => void,
): BlockingStats {
  const n = prepared.length;
  const stats: BlockingStats = { comparisons: 0, comparisonsByRule: {}, oversizedBlocksByRule: {} };
  // Memberships (record, global block), in rule order and, within a rule, record order.
  const memRecord = new IntList(n * 8 + 16);
  const memBlock = new IntList(n * 8 + 16);
  const blockRule = new IntList(n + 16);
  const blockSize = new IntList(n + 16);
  // Keys are identified by a 64-bit hash in typed arrays, not held as strings in a Map: a million keys per
  // rule would otherwise live long enough to be promoted and make every major GC scan them. The tables
  // are sized once and reused by every rule: typed arrays live outside the heap, and allocating fresh
  // ones per rule (tens of MB each at a million records) makes V8 start a full GC for the external memory.
  const tables = new RuleBlockTables(n);
  const { counts: keyCounts, entryRecord, entryBlock: entryLocal } = tables;
  let globalOf = new Int32Array(n + 16);
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    indexKeys(prepared, rule, tables);
    let oversized = 0;
    const cap = blockCap(rule, maxBlockSize);
    if (globalOf.length < keyCounts.length) globalOf = new Int32Array(keyCounts.length);
    globalOf.fill(-1, 0, keyCounts.length);
    for (let b = 0; b < keyCounts.length; b++) {
      const size = keyCounts.data[b]!;
      if (size > cap) oversized++;
      else if (size >= 2) {
        globalOf[b] = blockRule.length;
        blockRule.push(r);
        blockSize.push(size);
      }
    }
    const er = entryRecord.view();
    const el = entryLocal.view();
    for (let e = 0; e < er.length; e++) {
      const g = globalOf[el[e]!]!;
      if (g < 0) continue;
      memRecord.push(er[e]!);
      memBlock.push(g);
    }
    stats.comparisonsByRule[rule.name] = 0;
    stats.oversizedBlocksByRule[rule.name] = oversized;
  }

  // Block members (sorted by record, as memberships were added in record order) and each membership's position.
  const blocks = blockRule.length;
  const mr = memRecord.view();
  const mb = memBlock.view();
  const m = mr.length;
  const blockStart = new Int32Array(blocks + 1);
  const memberCounts = blockSize.view();
  for (let b = 0; b < blocks; b++) blockStart[b + 1] = blockStart[b]! + memberCounts[b]!;
  const members = new Int32Array(m);
  const fill = blockStart.slice(0, blocks);
  const position = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const b = mb[e]!;
    position[e] = fill[b]!;
    members[fill[b]!++] = mr[e]!;
  }
  // Each record's memberships, in rule order.
  const recordStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) recordStart[mr[e]! + 1]!++;
  for (let i = 0; i < n; i++) recordStart[i + 1]! += recordStart[i]!;
  const recordFill = recordStart.slice(0, n);
  const recordEntry = new Int32Array(m);
  for (let e = 0; e < m; e++) recordEntry[recordFill[mr[e]!]!++] = e;

  const counts = new Float64Array(rules.length);
  const stamp = new Int32Array(n).fill(-1);
  const br = blockRule.view();
  for (let i = 0; i < n; i++) {
    for (let t = recordStart[i]!; t < recordStart[i + 1]!; t++) {
      const e = recordEntry[t]!;
      const b = mb[e]!;
      const r = br[b]!;
      const end = blockStart[b + 1]!;
      for (let s = position[e]! + 1; s < end; s++) {
        const j = members[s]!;
        if (stamp[j] === i) continue;
        stamp[j] = i;
        counts[r]!++;
        visit(i, j, r);
      }
    }
  }
  for (let r = 0; r < rules.length; r++) {
    stats.comparisonsByRule[rules[r]!.name] = counts[r]!;
    stats.comparisons += counts[r]!;
  }
  return stats;
}
