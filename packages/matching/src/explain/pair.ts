import type { PersonRecord } from '@rapport/contracts';
import { birthDatesClearlyDiffer } from '../compare/birth-date.ts';
import { EXACT, MISSING } from '../compare/levels.ts';
import {
  deterministicEvidence,
  differentCardsOfOneProgram,
  type DeterministicRule,
  type RelationKind,
} from '../evidence/deterministic.ts';
import { compileModel, probabilityOf, termFrequencyWeight } from '../model/compiled.ts';
import type { MatchModel } from '../model/model.ts';
import { mergeNormalise } from '../normalise/options.ts';
import { prepareRecord, type PreparedRecord } from '../normalise/prepare.ts';
import { resolveConfig, type EngineConfig } from '../resolve/config.ts';
import type { Engine } from '../resolve/engine.ts';
import { judgePair, type PairKind } from '../resolve/judge-pair.ts';

export type ComparisonExplanation = {
  comparison: string;
  level: number;
  label: string;
  m: number;
  u: number;
  /** log2 Bayes factor actually applied (after term-frequency adjustment); 0 when missing. */
  weight: number;
  termFrequencyAdjusted: boolean;
  values: [string, string];
};

export type PairExplanation = {
  a: string;
  b: string;
  comparisons: ComparisonExplanation[];
  /** log2 prior odds from lambda. */
  priorWeight: number;
  totalWeight: number;
  probability: number;
  deterministic: DeterministicRule | undefined;
  negative: string[];
  related: RelationKind[];
  decision: { kind: PairKind; reason: string };
  thresholds: { linkProbability: number; reviewProbability: number };
};

/** Every comparison with its level, m, u and weight, the total, and the rule or guard that decided. */
export function explainPair(
  a: PersonRecord,
  b: PersonRecord,
  model: MatchModel,
  config?: Partial<EngineConfig>,
): PairExplanation {
  const cfg = resolveConfig(config);
  const normalise = mergeNormalise(model.normalise, cfg.normalise);
  const engine = { model, cm: compileModel(model), cfg };
  return explainPrepared(engine, prepareRecord(a, normalise), prepareRecord(b, normalise));
}

/**
 * explainPair on prepared records, with an engine's model compiled once: what a service explaining
 * many stored pairs calls, on the forms the engine scored (after the per-identifier limit).
 */
export function explainPrepared(
  engine: Pick<Engine, 'model' | 'cm' | 'cfg'>,
  pa: PreparedRecord,
  pb: PreparedRecord,
): PairExplanation {
  const { model, cm, cfg } = engine;
  const [x, y] = pa.id < pb.id ? [pa, pb] : [pb, pa];
  const comparisons: ComparisonExplanation[] = model.comparisons.map((c, k) => {
    const def = cm.defs[k]!;
    const level = def.compare(x, y);
    const tf = level === EXACT && def.tfValue !== undefined && cm.tfCounts[k] !== undefined;
    const weight =
      level === MISSING ? 0 : tf ? termFrequencyWeight(cm, k, def.tfValue!(x)) : cm.weights[k]![level]!;
    return {
      comparison: c.name,
      level,
      label: c.levels[level]!.label,
      m: c.levels[level]!.m,
      u: c.levels[level]!.u,
      weight,
      termFrequencyAdjusted: tf,
      values: [def.describe(x), def.describe(y)],
    };
  });
  const verdict = judgePair(cm, cfg, x, y);
  const negative: string[] = [];
  const program = differentCardsOfOneProgram(x.cards, y.cards);
  if (program !== undefined) negative.push(`different-cards:${program}`);
  if (birthDatesClearlyDiffer(x.birth, y.birth)) negative.push('birth-dates-differ');
  return {
    a: x.id,
    b: y.id,
    comparisons,
    priorWeight: cm.priorWeight,
    totalWeight: verdict.weight,
    probability: probabilityOf(verdict.weight),
    deterministic: deterministicEvidence(x, y),
    negative,
    related: verdict.related ?? [],
    decision: { kind: verdict.kind, reason: verdict.reason },
    thresholds: { linkProbability: cfg.linkProbability, reviewProbability: cfg.reviewProbability },
  };
}
