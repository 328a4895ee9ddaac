import { ruleKeys } from '../block/keys.ts';
import { blockCap } from '../block/rules.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { Engine } from './engine.ts';

/** A blocking key of a record as the incremental engine stores it, with its rule and that rule's cap. */
export type RecordKey = { key: string; rule: string; cap: number };

/**
 * The blocking keys of a prepared record (give it its effective form, after the per-identifier limit, to
 * get the keys it is stored under). Two records are candidates when they share a key whose block is
 * within its cap; a caller may also read blocks with a higher limit to look further (candidate search).
 */
export function recordKeys(engine: Engine, record: PreparedRecord): RecordKey[] {
  const out: RecordKey[] = [];
  ruleKeys(engine.rules, record, (key, i) => {
    const rule = engine.rules[i]!;
    out.push({ key, rule: rule.name, cap: blockCap(rule, engine.cfg.maxBlockSize) });
  });
  return out;
}
