import type { PreparedRecord } from '../normalise/prepare.ts';
import { IntList, indexKeys, RuleBlockTables } from './key-index.ts';
import { blockCap, type BlockingRule } from './rules.ts';

export type BlockingStats = {
  /** Pairs compared, each counted once, under the first rule that generated it. */
  comparisons: number;
  comparisonsByRule: Record<string, number>;
  /** Blocks skipped because they held more than `maxBlockSize` records (junk or very common values). */
  oversizedBlocksByRule: Record<string, number>;
};

/**
 * Candidate pairs of a batch under all rules, each visited once (under the first rule that generates it),
 * so the engine never compares everything with everything.
 *
 * Blocks of every rule are kept as compact integer lists (a record's blocks, a block's members); the
 * keys of one rule live only while that rule is indexed (key-index.ts). Pairs are then enumerated record by
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
