import { describe, expect, it } from 'vitest';
import { person } from '../fixtures/person.fixture.ts';
import { DEFAULT_NORMALISE } from '../normalise/options.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import { RuleBlockTables } from './key-index.ts';
import { buildRuleBlocks, forEachPairInRule, pairCount } from './training-blocks.ts';
import type { BlockingRule } from './rules.ts';

const byEmail: BlockingRule = { name: 'email', on: ['email'], maxBlockSize: 3 };
const emails = (...addresses: string[]) => ({ emails: addresses.map((address) => ({ address })) });
const prepared = [
  // a and b share two emails: one pair, in the block of the smaller shared key.
  person('a', emails('ann@x.org', 'bea@x.org')),
  person('b', emails('ann@x.org', 'bea@x.org')),
  // c, d, e and f make the 'crowd' block oversized (four records, cap three); c and d also share 'cid':
  // their pair is found there, and only there.
  person('c', emails('crowd@x.org', 'cid@x.org')),
  person('d', emails('crowd@x.org', 'cid@x.org')),
  person('e', emails('crowd@x.org')),
  person('f', emails('crowd@x.org', 'bea@x.org')),
  person('g'),
].map((r) => prepareRecord(r, DEFAULT_NORMALISE));

function pairs(tables?: RuleBlockTables): string[] {
  const out: string[] = [];
  forEachPairInRule(buildRuleBlocks(prepared, byEmail, 200, tables), (i, j) =>
    out.push(`${prepared[i]!.id}${prepared[j]!.id}`),
  );
  return out;
}

describe('training blocks', () => {
  it('visits each pair once, in its first shared block that is not oversized', () => {
    expect(pairs().sort()).toEqual(['ab', 'af', 'bf', 'cd']);
  });

  it('counts the pairs of blocks that are not oversized, a pair in two blocks twice', () => {
    // ann: a b (1); bea: a b f (3); cid: c d (1); crowd: four records, oversized.
    expect(pairCount(buildRuleBlocks(prepared, byEmail, 200))).toBe(5);
  });

  it('gives the same pairs with tables reused from a previous rule', () => {
    const tables = new RuleBlockTables(prepared.length);
    buildRuleBlocks(prepared, { name: 'names', on: ['nameSet'] }, 200, tables);
    expect(pairs(tables)).toEqual(pairs());
  });
});
