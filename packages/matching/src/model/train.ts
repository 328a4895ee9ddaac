import type { PersonRecord } from '@rapport/contracts';
import { RuleBlockTables } from '../block/key-index.ts';
import { buildRuleBlocks, forEachPairInRule, pairCount } from '../block/training-blocks.ts';
import {
  DEFAULT_BLOCKING,
  EXACT_PARTS,
  PART_FIXES,
  sessionFixes,
  type BlockingRule,
} from '../block/rules.ts';
import { comparisonsFor } from '../compare/comparisons.ts';
import type { ComparisonDef, ComparisonName } from '../compare/levels.ts';
import { findOverloaded } from '../guard/identifier-limit.ts';
import { DEFAULT_NORMALISE, mergeNormalise, type NormaliseOptions } from '../normalise/options.ts';
import { placeholderMonthDays, withoutPlaceholder } from '../normalise/birth-date.ts';
import { prepareRecord, withoutOverloaded, type PreparedRecord } from '../normalise/prepare.ts';
import { buildPatternTable, mStep, patternKey, runEm } from './em.ts';
import { MODEL_FORMAT, MODEL_VERSION, type EmSession, type MatchModel } from './model.ts';
import { createPrng } from './prng.ts';
import { countTerms } from './term-frequency.ts';
import { estimateU } from './u-estimate.ts';

export type TrainOptions = {
  seed: number;
  blocking?: BlockingRule[];
  maxIterations?: number;
  /** Random pairs drawn to estimate u. */
  uSamplePairs?: number;
  /** Blocked pairs per EM session; larger rules are sampled down (seeded). */
  maxPairsPerSession?: number;
  maxBlockSize?: number;
  maxPeoplePerIdentifier?: number;
  maxTermFrequencyValues?: number;
  normalise?: Partial<NormaliseOptions>;
  /**
   * How many records the model will resolve, when it is trained on a sample of them. Lambda, the chance that
   * two random records match, falls as 1/n for a fixed number of records per person (true pairs grow as n,
   * all pairs as n squared), so the sample's estimate is scaled by sample / population. Without it the prior
   * of a 20k sample is fifty times too high at a million, and coincidences (same birth date and surname)
   * cross the link threshold.
   */
  populationRecords?: number;
};

const TRAIN_DEFAULTS = {
  maxIterations: 40,
  uSamplePairs: 1_000_000,
  maxPairsPerSession: 400_000,
  maxBlockSize: 200,
  maxPeoplePerIdentifier: 6,
  maxTermFrequencyValues: 50_000,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Fellegi-Sunter training without labels:
 * 1. u per level from random pairs;
 * 2. m per level by EM, one session per blocking rule, each session leaving alone the comparisons its
 *    key forces to agree (their m would be biased towards agreement), expected match counts pooled;
 * 3. lambda, the chance that two random records match: each session's expected matches divided by the
 *    share of true matches the rule can catch (presence x agreement of its key fields, from m), median
 *    over sessions, divided by all possible pairs.
 */
export function trainModel(records: readonly PersonRecord[], opts: TrainOptions): MatchModel {
  const o = { ...TRAIN_DEFAULTS, ...opts };
  const given = mergeNormalise(DEFAULT_NORMALISE, opts.normalise);
  const blocking = opts.blocking ?? DEFAULT_BLOCKING;
  const prng = createPrng(opts.seed);

  // Records are sorted by id so that training depends on the set of records, not their order.
  const sorted = [...records].sort((a, b) =>
    a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0,
  );
  let prepared: PreparedRecord[] = sorted.map((r) => prepareRecord(r, given));
  // Placeholder dates are the data's own: found here, saved with the model's normalisation, applied everywhere.
  const normalise: NormaliseOptions =
    given.placeholderMonthDays !== undefined
      ? given
      : { ...given, placeholderMonthDays: placeholderMonthDays(prepared.map((p) => p.birth)) };
  const placeholders = normalise.placeholderMonthDays!;
  const defs = comparisonsFor(normalise);
  const K = defs.length;
  // Pattern keys hold one base-8 digit per comparison in a double: 17 digits at most.
  if (defs.length > 17)
    throw new Error(`at most 6 extra attributes can be compared (got ${defs.length - 11})`);
  if (placeholders.length > 0)
    prepared = prepared.map((p) => ({ ...p, birth: withoutPlaceholder(p.birth, placeholders) }));
  const overloaded = findOverloaded(prepared, o.maxPeoplePerIdentifier);
  prepared = prepared.map((p) => withoutOverloaded(p, overloaded));

  const { u, presence, pairs: randomPairs } = estimateU(prepared, defs, prng, o.uSamplePairs);
  const mStart = defs.map((d) => [...d.initialM]);
  const pooledMass = defs.map((d) => d.levels.map(() => 0));
  const freeIn = new Array<number>(K).fill(0);
  const sessionsRaw: { session: EmSession; rule: BlockingRule; pairs: number }[] = [];
  const levels = new Uint8Array(K);

  const tables = new RuleBlockTables(prepared.length);
  for (const rule of blocking) {
    const fixedNames = sessionFixes(rule);
    const fixed = defs.map((d) => fixedNames.has(d.name));
    const rb = buildRuleBlocks(prepared, rule, o.maxBlockSize, tables);
    const total = pairCount(rb);
    if (total === 0) continue;
    const keep = Math.min(1, o.maxPairsPerSession / total);
    const vectors = new Map<number, number>();
    let sampled = 0;
    forEachPairInRule(rb, (i, j) => {
      if (keep < 1 && prng() >= keep) return;
      const a = prepared[i]!;
      const b = prepared[j]!;
      const [x, y] = a.id < b.id ? [a, b] : [b, a];
      for (let k = 0; k < K; k++) levels[k] = defs[k]!.compare(x, y);
      const key = patternKey(levels, K);
      vectors.set(key, (vectors.get(key) ?? 0) + 1);
      sampled++;
    });
    const table = buildPatternTable(K, vectors);
    const em = runEm(table, u, mStart, fixed, {
      maxIterations: o.maxIterations,
      tolerance: 1e-6,
      lambdaStart: 0.1,
    });
    let informative = false;
    for (let k = 0; k < K; k++) {
      if (fixed[k]) continue;
      const massK = em.matchMass[k]!;
      let sum = 0;
      for (let l = 1; l < massK.length; l++) sum += massK[l]!;
      if (sum <= 0) continue;
      informative = true;
      freeIn[k]!++;
      for (let l = 1; l < massK.length; l++) pooledMass[k]![l]! += massK[l]!;
    }
    if (!informative) continue;
    const scale = total / Math.max(1, sampled);
    sessionsRaw.push({
      rule,
      pairs: total,
      session: {
        rule: rule.name,
        pairs: total,
        sampledPairs: sampled,
        fixed: [...fixedNames].sort(),
        iterations: em.iterations,
        converged: em.converged,
        lambda: em.lambda,
        expectedMatches: em.expectedMatches * scale,
      },
    });
  }

  const m = mStep(
    pooledMass,
    mStart,
    freeIn.map((n) => n === 0),
    u,
  );
  const sampleLambda = estimateLambda(sessionsRaw, defs, m, presence, prepared.length);
  const population = opts.populationRecords;
  const lambda =
    population !== undefined && population > prepared.length
      ? sampleLambda * (prepared.length / population)
      : sampleLambda;

  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    seed: opts.seed,
    trainedOn: { records: prepared.length, randomPairs },
    lambda,
    normalise,
    blocking,
    comparisons: defs.map((d, k) => {
      const tf = countTerms(prepared, d, o.maxTermFrequencyValues);
      return {
        name: d.name,
        levels: d.levels
          .map((label, l) => ({ label, m: l === 0 ? 1 : m[k]![l]!, u: l === 0 ? 1 : u[k]![l]! }))
          .slice(0),
        ...(tf === undefined ? {} : { tf }),
      };
    }),
    em: sessionsRaw.map((s) => s.session),
  };
}

function estimateLambda(
  sessions: { session: EmSession; rule: BlockingRule }[],
  defs: readonly ComparisonDef[],
  m: number[][],
  presence: number[],
  n: number,
): number {
  const allPairs = (n * (n - 1)) / 2;
  if (allPairs < 1) return 0.5;
  const estimates: number[] = [];
  for (const { session, rule } of sessions) {
    let caught = 1;
    let known = true;
    const seen = new Set<ComparisonName>();
    for (const part of rule.on) {
      const names = PART_FIXES[part];
      if (names.length === 0) {
        known = false;
        break;
      }
      for (const name of names) {
        if (seen.has(name)) continue;
        seen.add(name);
        const k = defs.findIndex((d) => d.name === name);
        const mk = m[k]!;
        // An exact key catches matches agreeing exactly; a coarse key (soundex, initial, year) almost all but the different ones.
        const agree = EXACT_PARTS.has(part) ? mk[1]! : 1 - mk[mk.length - 1]!;
        caught *= presence[k]! * agree;
      }
    }
    if (!known || caught <= 0) continue;
    estimates.push(session.expectedMatches / caught);
  }
  const matches = estimates.length === 0 ? n / 2 : median(estimates);
  return Math.min(0.5, Math.max(1 / (allPairs * 10), matches / allPairs));
}
