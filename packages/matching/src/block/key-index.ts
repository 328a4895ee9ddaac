import type { PreparedRecord } from '../normalise/prepare.ts';
import { hashKey, keyHashes } from './key-hashes.ts';
import { blockingKeys } from './keys.ts';
import type { BlockingRule } from './rules.ts';

/*
 * Batch blocking and training see every record's keys under every rule: at a million records, a million
 * keys per rule. They are numbered here as dense block ids, the keys held as two 32-bit hashes in typed
 * arrays rather than as strings in a Map, and the tables are reused by every rule. Both choices are for the
 * garbage collector: a Map of a million key strings with their member lists lived long enough to be promoted,
 * and every full collection of the whole heap then swept it; and typed arrays live outside the heap, so
 * allocating fresh ones per rule (tens of MB each) made V8 start a full collection for the external memory.
 */

/** A growable list of 32-bit integers that keeps its storage when cleared. */
export class IntList {
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
    const [a, b] = hashKey(key);
    return this.idOfHashes(a, b, next);
  }

  /** As idOf, for a key given by its two hashes (key-hashes.ts). */
  idOfHashes(a: number, b: number, next: number): number {
    if ((this.#count + 1) * 2 > this.#capacity) this.#grow();
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

/** The tables one rule's keys are indexed into, reused by the next rule (see the note at the top). */
export class RuleBlockTables {
  readonly ids: KeyIds;
  /** Records per block. */
  readonly counts: IntList;
  /** One entry per (record, key), in record order: the record and its block. */
  readonly entryRecord: IntList;
  readonly entryBlock: IntList;
  /** One record's key hashes, two ints a key (scratch for indexKeys). */
  readonly hashes = new IntList(64);
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
export function atLeast<T extends Int32Array | Uint8Array>(
  table: T,
  length: number,
  make: (n: number) => T,
): T {
  return table.length >= length ? table : make(length * 2);
}

/** A record with several keys under a rule: its sorted keys and each key's block. */
export type MultiKeys = Map<number, { keys: readonly string[]; blocks: number[] }>;

/**
 * Every record's keys under one rule, as dense block ids numbered in order of first appearance: the
 * tables' counts (records per block) and entries (record, block), in record order. With `multi`, records
 * with several keys also keep their sorted keys and each key's block.
 */
export function indexKeys(
  prepared: readonly PreparedRecord[],
  rule: BlockingRule,
  tables: RuleBlockTables,
  multi?: MultiKeys,
): void {
  const { ids, counts, entryRecord, entryBlock } = tables;
  ids.clear();
  counts.clear();
  entryRecord.clear();
  entryBlock.clear();
  if (multi === undefined) {
    indexKeyHashes(prepared, rule, tables);
    return;
  }
  for (let i = 0; i < prepared.length; i++) {
    const ks = blockingKeys(rule, prepared[i]!);
    const blocks: number[] | undefined = ks.length > 1 ? [] : undefined;
    for (const k of ks) {
      const id = ids.idOf(k, counts.length);
      if (id === counts.length) counts.push(0);
      counts.data[id]!++;
      entryRecord.push(i);
      entryBlock.push(id);
      blocks?.push(id);
    }
    if (blocks !== undefined) multi.set(i, { keys: ks.slice(), blocks });
  }
}

/** indexKeys without `multi`: the keys are hashed as they are walked, never built (key-hashes.ts). */
function indexKeyHashes(
  prepared: readonly PreparedRecord[],
  rule: BlockingRule,
  tables: RuleBlockTables,
): void {
  const { ids, counts, entryRecord, entryBlock, hashes } = tables;
  for (let i = 0; i < prepared.length; i++) {
    hashes.clear();
    keyHashes(rule, prepared[i]!, hashes);
    const h = hashes.data;
    for (let at = 0; at < hashes.length; at += 2) {
      const id = ids.idOfHashes(h[at]!, h[at + 1]!, counts.length);
      if (id === counts.length) counts.push(0);
      counts.data[id]!++;
      entryRecord.push(i);
      entryBlock.push(id);
    }
  }
}
