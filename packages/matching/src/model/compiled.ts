import { comparisonsFor } from '../compare/comparisons.ts';
import { EXACT, MISSING, type ComparisonDef } from '../compare/levels.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { MatchModel } from './model.ts';

/** A model turned into arrays for the pair loop: log2 Bayes factors per level and term-frequency maps. */
export type CompiledModel = {
  defs: ComparisonDef[];
  /** weights[k][level] = log2(m / u); 0 for `missing`. */
  weights: Float64Array[];
  tfCounts: (Map<string, number> | undefined)[];
  tfTotals: number[];
  /** log2(m) of the exact level, for the term-frequency weight log2(m / frequency). */
  log2MExact: number[];
  /** log2(lambda / (1 - lambda)): the prior odds that a random pair matches. */
  priorWeight: number;
  /** The most negative weight of any one level: as much as a single disagreeing field can say against a pair. */
  singleFieldFloor: number;
  /** Per comparison: 1 where the field is one a household shares (surname, address parts), 2 for phones. */
  household: Uint8Array;
};

// Fields the people of one household have in common; a phone only when the number shared is a landline.
const HOUSEHOLD_FIELDS: ReadonlySet<string> = new Set([
  'familyName',
  'streetNumber',
  'street',
  'locality',
  'postcode',
]);
const HOUSEHOLD = 1;
const HOUSEHOLD_IF_LANDLINE = 2;

const cache = new WeakMap<MatchModel, CompiledModel>();

export function compileModel(model: MatchModel): CompiledModel {
  const hit = cache.get(model);
  if (hit !== undefined) return hit;
  const defs: ComparisonDef[] = [];
  const weights: Float64Array[] = [];
  const tfCounts: (Map<string, number> | undefined)[] = [];
  const tfTotals: number[] = [];
  const log2MExact: number[] = [];
  const known = new Map(comparisonsFor(model.normalise).map((d) => [d.name, d]));
  for (const c of model.comparisons) {
    const def = known.get(c.name);
    if (def === undefined) throw new Error(`model has unknown comparison ${c.name}`);
    defs.push(def);
    const w = new Float64Array(c.levels.length);
    for (let l = 1; l < c.levels.length; l++) w[l] = Math.log2(c.levels[l]!.m / c.levels[l]!.u);
    weights.push(w);
    tfCounts.push(
      c.tf === undefined || def.tfValue === undefined ? undefined : new Map(Object.entries(c.tf.counts)),
    );
    tfTotals.push(c.tf?.total ?? 0);
    log2MExact.push(Math.log2(c.levels[1]?.m ?? 1));
  }
  const lambda = model.lambda;
  let singleFieldFloor = 0;
  for (const w of weights)
    for (let l = 1; l < w.length; l++) singleFieldFloor = Math.min(singleFieldFloor, w[l]!);
  const household = Uint8Array.from(defs, (d) =>
    HOUSEHOLD_FIELDS.has(d.name) ? HOUSEHOLD : d.name === 'phone' ? HOUSEHOLD_IF_LANDLINE : 0,
  );
  const compiled: CompiledModel = {
    defs,
    weights,
    tfCounts,
    tfTotals,
    log2MExact,
    priorWeight: Math.log2(lambda / (1 - lambda)),
    singleFieldFloor,
    household,
  };
  cache.set(model, compiled);
  return compiled;
}

/**
 * Weight of an exact agreement on this value: log2(m / share of records holding it). A value never
 * seen twice in training counts as seen once. Never below the plain `close` weight, so a very common
 * value still counts for more than a near miss.
 */
export function termFrequencyWeight(cm: CompiledModel, k: number, value: string): number {
  const counts = cm.tfCounts[k];
  const w = cm.weights[k]!;
  if (counts === undefined || value === '') return w[1]!;
  const count = counts.get(value) ?? 1;
  const tfWeight = cm.log2MExact[k]! - Math.log2(count / cm.tfTotals[k]!);
  return Math.max(tfWeight, w.length > 2 ? w[2]! : 0);
}

/**
 * Sum of the comparison weights (without the prior). Writes levels into `levelsOut` when given.
 * Callers pass records ordered by id so the score of a pair never depends on argument order.
 */
export function scorePrepared(
  cm: CompiledModel,
  a: PreparedRecord,
  b: PreparedRecord,
  levelsOut?: Uint8Array,
): number {
  let total = 0;
  const defs = cm.defs;
  for (let k = 0; k < defs.length; k++) {
    const def = defs[k]!;
    const level = def.compare(a, b);
    if (levelsOut !== undefined) levelsOut[k] = level;
    if (level === MISSING) continue;
    if (level === EXACT && def.tfValue !== undefined && cm.tfCounts[k] !== undefined)
      total += termFrequencyWeight(cm, k, def.tfValue(a));
    else total += cm.weights[k]![level]!;
  }
  return total;
}

/** The weight of comparison k at `level` (term-frequency adjusted when exact). */
function levelWeight(cm: CompiledModel, k: number, level: number, a: PreparedRecord): number {
  const def = cm.defs[k]!;
  return level === EXACT && def.tfValue !== undefined && cm.tfCounts[k] !== undefined
    ? termFrequencyWeight(cm, k, def.tfValue(a))
    : cm.weights[k]![level]!;
}

function sharesLandline(a: PreparedRecord, b: PreparedRecord): boolean {
  for (const x of a.landlines) if (b.phones.includes(x)) return true;
  for (const x of b.landlines) if (a.phones.includes(x)) return true;
  return false;
}

/**
 * The score (without the prior) with the agreements a household shares counted as one piece of evidence:
 * the strongest of them. Relatives share a surname, every part of an address and a landline, so for two
 * people of one household these agreements come together, and their product, which the model's
 * independence assumption takes, says "one household" many times over. Counted once, what is left to
 * tell one person from their relatives is what is personal: given name, birth date, email, mobile,
 * identifiers. Disagreements count in full. `levels` are the pair's levels as scorePrepared wrote them.
 */
export function householdOnceScore(
  cm: CompiledModel,
  a: PreparedRecord,
  b: PreparedRecord,
  levels: Uint8Array,
): number {
  let total = 0;
  let strongest = 0;
  let landline: boolean | undefined;
  for (let k = 0; k < cm.defs.length; k++) {
    const level = levels[k]!;
    if (level === MISSING) continue;
    const w = levelWeight(cm, k, level, a);
    const kind = cm.household[k]!;
    const shared =
      kind === HOUSEHOLD || (kind === HOUSEHOLD_IF_LANDLINE && w > 0 && (landline ??= sharesLandline(a, b)));
    if (shared && w > 0) strongest = Math.max(strongest, w);
    else total += w;
  }
  return total + strongest;
}

/**
 * The score of a pair (as scorePrepared) and, apart, the evidence against it: the sum of the negative
 * weights, what the disagreeing fields say whatever the agreeing ones do.
 */
export function weighPair(
  cm: CompiledModel,
  a: PreparedRecord,
  b: PreparedRecord,
): { total: number; against: number } {
  let total = 0;
  let against = 0;
  const defs = cm.defs;
  for (let k = 0; k < defs.length; k++) {
    const level = defs[k]!.compare(a, b);
    if (level === MISSING) continue;
    const w = levelWeight(cm, k, level, a);
    total += w;
    if (w < 0) against += w;
  }
  return { total, against };
}

/** A match probability from a total weight in log2 odds (prior included). */
export function probabilityOf(totalWeight: number): number {
  return 1 / (1 + 2 ** -totalWeight);
}

export function weightOfProbability(p: number): number {
  return Math.log2(p / (1 - p));
}
