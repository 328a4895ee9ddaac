import type { PreparedRecord } from '../normalise/prepare.ts';
import { blockingKeys, firstSharedKey } from './keys.ts';
import type { BlockingRule } from './rules.ts';

/** One rule's keys for every record, its blocks, and the blocks too big to compare inside. */
export type RuleBlocks = {
  rule: BlockingRule;
  keys: string[][];
  groups: Map<string, number[]>;
  oversized: Set<string>;
};

export type BlockingStats = {
  /** Pairs compared, each counted once, under the first rule that generated it. */
  comparisons: number;
  comparisonsByRule: Record<string, number>;
  /** Blocks skipped because they held more than `maxBlockSize` records (junk or very common values). */
  oversizedBlocksByRule: Record<string, number>;
};

export function buildRuleBlocks(prepared: readonly PreparedRecord[], rule: BlockingRule, maxBlockSize: number): RuleBlocks {
  const keys: string[][] = new Array(prepared.length);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < prepared.length; i++) {
    const ks = blockingKeys(rule, prepared[i]!);
    keys[i] = ks;
    for (const k of ks) {
      const g = groups.get(k);
      if (g === undefined) groups.set(k, [i]);
      else g.push(i);
    }
  }
  const oversized = new Set<string>();
  for (const [k, g] of groups) if (g.length > maxBlockSize) oversized.add(k);
  return { rule, keys, groups, oversized };
}

/**
 * Every pair the rule generates, once: two records sharing several keys (two common emails) are
 * visited only in the block of their smallest shared key.
 */
export function forEachPairInRule(rb: RuleBlocks, visit: (i: number, j: number) => void): void {
  for (const [key, g] of rb.groups) {
    if (g.length < 2 || rb.oversized.has(key)) continue;
    for (let x = 0; x < g.length; x++) {
      const i = g[x]!;
      const ki = rb.keys[i]!;
      for (let y = x + 1; y < g.length; y++) {
        const j = g[y]!;
        const kj = rb.keys[j]!;
        if ((ki.length > 1 || kj.length > 1) && firstSharedKey(ki, kj, rb.oversized) !== key) continue;
        visit(i, j);
      }
    }
  }
}

export function pairCount(rb: RuleBlocks): number {
  let n = 0;
  for (const [key, g] of rb.groups) if (!rb.oversized.has(key)) n += (g.length * (g.length - 1)) / 2;
  return n;
}

/**
 * Candidate pairs under all rules, each visited once (under the first rule that generates it), so the
 * engine never compares everything with everything.
 */
export function generateCandidatePairs(
  prepared: readonly PreparedRecord[],
  rules: readonly BlockingRule[],
  maxBlockSize: number,
  visit: (i: number, j: number, ruleIndex: number) => void,
): BlockingStats {
  const stats: BlockingStats = { comparisons: 0, comparisonsByRule: {}, oversizedBlocksByRule: {} };
  const earlier: RuleBlocks[] = [];
  for (let r = 0; r < rules.length; r++) {
    const rb = buildRuleBlocks(prepared, rules[r]!, maxBlockSize);
    let count = 0;
    forEachPairInRule(rb, (i, j) => {
      for (const e of earlier) {
        const ki = e.keys[i]!;
        const kj = e.keys[j]!;
        if (ki.length > 0 && kj.length > 0 && firstSharedKey(ki, kj, e.oversized) !== undefined) return;
      }
      count++;
      visit(i, j, r);
    });
    stats.comparisons += count;
    stats.comparisonsByRule[rb.rule.name] = count;
    stats.oversizedBlocksByRule[rb.rule.name] = rb.oversized.size;
    // Only keys and oversized sets are needed for the duplicate check of later rules.
    rb.groups.clear();
    earlier.push(rb);
  }
  return stats;
}
