import { birthDatesClearlyDiffer } from '../compare/birth-date.ts';
import { deterministicEvidence, differentCardsOfOneProgram, relatedEvidence, type RelationKind } from '../evidence/deterministic.ts';
import { B_CLOSE, B_EXACT, compareBirthDates } from '../compare/birth-date.ts';
import { email } from '../compare/contact.ts';
import { withinOneTypo } from '../compare/edits.ts';
import { compareHandles } from '../compare/identifier.ts';
import { G_DIFFERENT, givenName } from '../compare/name.ts';
import { scorePrepared, type CompiledModel } from '../model/compiled.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { ResolvedConfig } from './config.ts';

export type PairKind = 'link' | 'review' | 'separate';

/** Order of precedence when clustering: steward decisions, then deterministic evidence, then score. */
export const TIER_STEWARD = 0;
export const TIER_DETERMINISTIC = 1;
export const TIER_SCORE = 2;

export type Verdict = {
  kind: PairKind;
  tier: number;
  /** Prior plus comparison weights, log2 odds. */
  weight: number;
  /** The rule or guard that decided, e.g. `deterministic:same-card`, `threshold:link`, `guard:different-cards`. */
  reason: string;
  related: RelationKind[] | undefined;
};

/**
 * The decision for one pair, from the two records alone (so batch and incremental agree).
 * `a.id < b.id`: the score must not depend on argument order.
 */
export function judgePair(cm: CompiledModel, cfg: ResolvedConfig, a: PreparedRecord, b: PreparedRecord): Verdict {
  const weight = cm.priorWeight + scorePrepared(cm, a, b);
  const program = differentCardsOfOneProgram(a.cards, b.cards);
  if (program !== undefined) {
    // Merge protection: never linked automatically, but a pair that would otherwise link is shown to a steward.
    const kind: PairKind = weight >= cfg.linkWeight ? 'review' : 'separate';
    return { kind, tier: TIER_SCORE, weight, reason: `guard:different-cards:${program}`, related: relatedEvidence(a, b) };
  }
  const rule = deterministicEvidence(a, b);
  if (rule !== undefined) {
    // Certain-looking evidence against clearly different birth dates: a person must look at it.
    if (birthDatesClearlyDiffer(a.birth, b.birth)) {
      return { kind: 'review', tier: TIER_DETERMINISTIC, weight, reason: `deterministic:${rule}+negative:birth-dates-differ`, related: relatedEvidence(a, b) };
    }
    return { kind: 'link', tier: TIER_DETERMINISTIC, weight, reason: `deterministic:${rule}`, related: undefined };
  }
  if (weight >= cfg.linkWeight) {
    // Household guard: the same full address with a different given name, and nothing personal agreeing
    // (birth date, email, phone, handle, national id), is a relative or flatmate far more often than one
    // person. Address parts are correlated, so their summed weight overstates the evidence.
    const related = relatedEvidence(a, b);
    if (related?.includes('household-address') === true && givenName.compare(a, b) === G_DIFFERENT && !personalAgreement(a, b)) {
      return { kind: 'review', tier: TIER_SCORE, weight, reason: 'guard:household-different-given-name', related };
    }
    return { kind: 'link', tier: TIER_SCORE, weight, reason: 'threshold:link', related: undefined };
  }
  const kind: PairKind = weight >= cfg.reviewWeight ? 'review' : 'separate';
  return { kind, tier: TIER_SCORE, weight, reason: kind === 'review' ? 'threshold:review' : 'threshold:separate', related: relatedEvidence(a, b) };
}

function personalAgreement(a: PreparedRecord, b: PreparedRecord): boolean {
  const birth = compareBirthDates(a.birth, b.birth);
  if (birth === B_EXACT || birth === B_CLOSE) return true;
  if (a.nationalId !== '' && b.nationalId !== '' && withinOneTypo(a.nationalId, b.nationalId)) return true;
  if (email.compare(a, b) === 1 || compareHandles(a, b) === 1) return true;
  // A shared landline is household evidence, not personal: only a shared non-landline number counts.
  for (const x of a.phones) if (b.phones.includes(x) && !a.landlines.includes(x) && !b.landlines.includes(x)) return true;
  return false;
}

/** Whether two records in clusters about to merge contradict each other (see EngineConfig.contradictionWeight). */
export function contradicts(cm: CompiledModel, cfg: ResolvedConfig, a: PreparedRecord, b: PreparedRecord): boolean {
  if (birthDatesClearlyDiffer(a.birth, b.birth)) return true;
  const [x, y] = a.id < b.id ? [a, b] : [b, a];
  return scorePrepared(cm, x, y) < cfg.contradictionWeight;
}
