import type { PersonRecord } from '@rapport/contracts';
import type { BlockingRule } from '../block/rules.ts';
import type { RelationKind } from '../evidence/deterministic.ts';
import { IdentifierLoad } from '../guard/identifier-limit.ts';
import { compileModel, type CompiledModel } from '../model/compiled.ts';
import type { MatchModel } from '../model/model.ts';
import { mergeNormalise, type NormaliseOptions } from '../normalise/options.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import { resolveConfig, type EngineConfig, type ResolvedConfig } from './config.ts';
import type { StewardDecision } from './decisions.ts';
import type { PairKind } from './judge-pair.ts';

/** A scored pair kept in state: it links, goes to review, or shows a relationship. */
export type StoredEdge = {
  kind: PairKind;
  tier: number;
  weight: number;
  reason: string;
  related: RelationKind[] | undefined;
  /** Set when clustering refused this link; the pair then goes to review. */
  refusedBy: string | undefined;
};

/**
 * Everything the incremental resolver keeps between changes. It is updated in place by applyChange
 * (copying a large index on every record would defeat the purpose); treat it as owned by one resolver.
 */
export type ResolverState = {
  model: MatchModel;
  cm: CompiledModel;
  cfg: ResolvedConfig;
  normalise: NormaliseOptions;
  rules: BlockingRule[];
  records: Map<string, PersonRecord>;
  /** Prepared before the per-identifier limit... */
  base: Map<string, PreparedRecord>;
  /** ...and after it (overloaded emails and phones removed): what blocks and scores. */
  prepared: Map<string, PreparedRecord>;
  load: IdentifierLoad;
  overloaded: Set<string>;
  /** Records carrying each email or phone value, to re-prepare them when the value's status flips. */
  carriers: Map<string, Set<string>>;
  /** Per rule: key -> records, and record -> its keys. */
  index: Map<string, Set<string>>[];
  keysOf: Map<string, (readonly string[])[]>;
  edges: Map<string, Map<string, StoredEdge>>;
  decisions: StewardDecision[];
  apart: Map<string, Set<string>>;
  together: Map<string, Set<string>>;
  clusterOf: Map<string, string>;
  clusters: Map<string, string[]>;
};

export function createResolverState(opts: {
  model: MatchModel;
  config?: Partial<EngineConfig>;
  decisions?: StewardDecision[];
}): ResolverState {
  const cfg = resolveConfig(opts.config);
  const rules = cfg.blocking ?? opts.model.blocking;
  const state: ResolverState = {
    model: opts.model,
    cm: compileModel(opts.model),
    cfg,
    normalise: mergeNormalise(opts.model.normalise, cfg.normalise),
    rules,
    records: new Map(),
    base: new Map(),
    prepared: new Map(),
    load: new IdentifierLoad(),
    overloaded: new Set(),
    carriers: new Map(),
    index: rules.map(() => new Map()),
    keysOf: new Map(),
    edges: new Map(),
    decisions: [],
    apart: new Map(),
    together: new Map(),
    clusterOf: new Map(),
    clusters: new Map(),
  };
  for (const d of opts.decisions ?? []) addDecision(state, d);
  return state;
}

function link(m: Map<string, Set<string>>, x: string, y: string): void {
  let s = m.get(x);
  if (s === undefined) m.set(x, (s = new Set()));
  s.add(y);
}

export function addDecision(state: ResolverState, d: StewardDecision): void {
  if (d.a === d.b) return;
  state.decisions.push(d);
  const m = d.kind === 'apart' ? state.apart : state.together;
  link(m, d.a, d.b);
  link(m, d.b, d.a);
}
