import { birthDatesClearlyDiffer } from '../compare/birth-date.ts';
import {
  deterministicEvidence,
  differentCardsOfOneProgram,
  relatedEvidence,
  type DeterministicRule,
  type RelationKind,
} from '../evidence/deterministic.ts';
import { B_CLOSE, B_EXACT, B_YEAR, compareBirthDates } from '../compare/birth-date.ts';
import { withinOneTypo } from '../compare/edits.ts';
import { compareHandles } from '../compare/identifier.ts';
import {
  F_DIFFERENT,
  familyName,
  G_CLOSE,
  G_DIFFERENT,
  G_EXACT,
  G_FAR,
  G_NICKNAME,
  givenName,
} from '../compare/name.ts';
import { CLOSE, EXACT, MISSING } from '../compare/levels.ts';
import { locality, postcode, S_CLOSE, S_EXACT, street } from '../compare/address.ts';
import { TIER_DETERMINISTIC, TIER_SCORE } from '../cluster/tiers.ts';
import { householdOnceScore, scorePrepared, weighPair, type CompiledModel } from '../model/compiled.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { ResolvedConfig } from './config.ts';

export type PairKind = 'link' | 'review' | 'separate';

export type Verdict = {
  kind: PairKind;
  tier: number;
  /** Prior plus comparison weights, log2 odds. */
  weight: number;
  /** The rule or guard that decided, e.g. `deterministic:same-card`, `threshold:link`, `guard:different-cards`. */
  reason: string;
  related: RelationKind[] | undefined;
};

// Reasons as constants: a deterministic link is a third of the links at a million records, and a string
// built per verdict was garbage made per pair.
const DETERMINISTIC: Record<DeterministicRule, string> = {
  'same-card': 'deterministic:same-card',
  'same-verified-email': 'deterministic:same-verified-email',
  'same-verified-phone': 'deterministic:same-verified-phone',
  'owner-linked-handle': 'deterministic:owner-linked-handle',
};
const DETERMINISTIC_AGAINST_BIRTH: Record<DeterministicRule, string> = {
  'same-card': 'deterministic:same-card+negative:birth-dates-differ',
  'same-verified-email': 'deterministic:same-verified-email+negative:birth-dates-differ',
  'same-verified-phone': 'deterministic:same-verified-phone+negative:birth-dates-differ',
  'owner-linked-handle': 'deterministic:owner-linked-handle+negative:birth-dates-differ',
};

// The pair's levels, written by scorePrepared and read again only for pairs that may be reviewed. A model
// has at most 17 comparisons (train.ts).
const levels = new Uint8Array(17);

/**
 * Whether a pair that does not link is worth a steward's look: its probability with the agreements a
 * household shares counted once (householdOnceScore) reaches the review floor. Relatives score as one
 * person many times over on a shared surname, address and landline; they are reported as related, and
 * a steward sees only pairs whose personal evidence leaves a real doubt.
 */
function reviewable(cm: CompiledModel, cfg: ResolvedConfig, a: PreparedRecord, b: PreparedRecord): boolean {
  return cm.priorWeight + householdOnceScore(cm, a, b, levels) >= cfg.reviewWeight;
}

/**
 * The decision for one pair, from the two records alone (so batch and incremental agree).
 * `a.id < b.id`: the score must not depend on argument order.
 */
export function judgePair(
  cm: CompiledModel,
  cfg: ResolvedConfig,
  a: PreparedRecord,
  b: PreparedRecord,
): Verdict {
  const weight = cm.priorWeight + scorePrepared(cm, a, b, levels);
  const program = differentCardsOfOneProgram(a.cards, b.cards);
  if (program !== undefined) {
    // Merge protection: never linked automatically, but a pair that would otherwise link is shown to a
    // steward, unless only a shared household makes it score (relatives hold a card each).
    const kind: PairKind = weight >= cfg.linkWeight && reviewable(cm, cfg, a, b) ? 'review' : 'separate';
    return {
      kind,
      tier: TIER_SCORE,
      weight,
      reason: `guard:different-cards:${program}`,
      related: relatedEvidence(a, b),
    };
  }
  const rule = deterministicEvidence(a, b);
  if (rule !== undefined) {
    // Certain-looking evidence against clearly different birth dates: a person must look at it.
    if (birthDatesClearlyDiffer(a.birth, b.birth)) {
      return {
        kind: 'review',
        tier: TIER_DETERMINISTIC,
        weight,
        reason: DETERMINISTIC_AGAINST_BIRTH[rule],
        related: relatedEvidence(a, b),
      };
    }
    return {
      kind: 'link',
      tier: TIER_DETERMINISTIC,
      weight,
      reason: DETERMINISTIC[rule],
      related: undefined,
    };
  }
  if (weight >= cfg.linkWeight) {
    const given = givenName.compare(a, b);
    // Names, a town and a shared household are weaker than they score: relatives share a surname, an address
    // and a landline, and a display name ("Claire S.") fits many people. Without personal evidence a pair
    // links only when strong and its given names agree (an address names a household, a given name one of
    // its members); else a steward sees it.
    const strong =
      weight >= cfg.strongLinkWeight && (given === G_EXACT || given === G_NICKNAME || given === G_CLOSE);
    if (!strong && !personalEvidence(a, b, given)) {
      const related = relatedEvidence(a, b);
      const household = related?.includes('household-address') === true;
      const reason = household
        ? given === G_DIFFERENT
          ? 'guard:household-different-given-name'
          : 'guard:household-no-personal-evidence'
        : 'guard:no-personal-evidence';
      const kind: PairKind = reviewable(cm, cfg, a, b) ? 'review' : 'separate';
      return { kind, tier: TIER_SCORE, weight, reason, related };
    }
    return { kind: 'link', tier: TIER_SCORE, weight, reason: 'threshold:link', related: undefined };
  }
  const kind: PairKind = weight >= cfg.reviewWeight && reviewable(cm, cfg, a, b) ? 'review' : 'separate';
  return {
    kind,
    tier: TIER_SCORE,
    weight,
    reason: kind === 'review' ? 'threshold:review' : 'threshold:separate',
    related: relatedEvidence(a, b),
  };
}

function sharedMobile(a: PreparedRecord, b: PreparedRecord): boolean {
  // A shared landline is household evidence, not personal: only a shared non-landline number counts.
  for (const x of a.phones)
    if (b.phones.includes(x) && !a.landlines.includes(x) && !b.landlines.includes(x)) return true;
  return false;
}

function sharedEmail(a: PreparedRecord, b: PreparedRecord): boolean {
  for (const x of a.emails) for (const y of b.emails) if (x === y || withinOneTypo(x, y)) return true;
  return false;
}

function sharedHome(a: PreparedRecord, b: PreparedRecord): boolean {
  for (const x of a.addresses) {
    if (x.householdKey === '') continue;
    for (const y of b.addresses) if (x.householdKey === y.householdKey) return true;
  }
  return false;
}

/**
 * Evidence that points at one person rather than at a family or a common name: a birth date, an identifier
 * (national id, email, mobile, handle) with given names that do not clearly differ, or the same home with
 * agreeing given and family names. A score above the link threshold without it is only reviewed.
 */
export function personalEvidence(a: PreparedRecord, b: PreparedRecord, given: number): boolean {
  if (a.nationalId !== '' && b.nationalId !== '' && withinOneTypo(a.nationalId, b.nationalId)) return true;
  if (compareHandles(a, b) === EXACT) return true;
  // A full birth date is personal, but with clearly different given names only between records that carry
  // no contact data (a register with a mistyped or second given name): among a million customers, many
  // share a birth date and a surname (Thomas and Kevin Smith), and twins are the known exception.
  // Names typed in each other's field compare as close, not different.
  const birth = compareBirthDates(a.birth, b.birth);
  if (
    (birth === B_EXACT || birth === B_CLOSE) &&
    (given !== G_DIFFERENT || (contactless(a) && contactless(b)))
  )
    return true;
  // A family email or phone is shared by relatives with different given names.
  if (given === G_DIFFERENT) return false;
  // The same address or one slip in it; the same mailbox name at another provider ("mark.smith") is not personal.
  if (sharedEmail(a, b)) return true;
  if (sharedMobile(a, b)) return true;
  const family = familyName.compare(a, b);
  // Unless the birth dates clearly differ: a parent and a child of one name share a home.
  if (
    given !== MISSING &&
    given !== G_FAR &&
    family !== F_DIFFERENT &&
    family !== MISSING &&
    !birthDatesClearlyDiffer(a.birth, b.birth) &&
    sameHome(a, b)
  )
    return true;
  return contactless(a) && contactless(b) && strongAgreement(a, b, given, family);
}

/** A record with no email, phone, handle or card: its source keeps none, so their absence says nothing. */
function contactless(r: PreparedRecord): boolean {
  return r.emails.length === 0 && r.phones.length === 0 && r.handles.length === 0 && r.cards.length === 0;
}

/**
 * Between records that carry no contact data at all (a register, an old CRM export), a missing shared
 * mobile or email is not a sign of two relatives, so agreement over several fields is evidence of one
 * person: a name (given, or family) with the same home, or both names with a town, a postcode or a birth
 * year in common (a register that knows only the year, or writes 1 January for it, has no full date to
 * give and often no address). The given names must not clearly differ (that stays the household guard)
 * and birth dates, when both are known, must not clearly differ.
 */
function strongAgreement(a: PreparedRecord, b: PreparedRecord, given: number, family: number): boolean {
  if (given === G_DIFFERENT || birthDatesClearlyDiffer(a.birth, b.birth)) return false;
  const givenAgrees = given !== MISSING;
  const familyAgrees = family !== MISSING && family !== F_DIFFERENT;
  if (!givenAgrees && !familyAgrees) return false;
  if (sameHome(a, b)) return true;
  if (!givenAgrees || !familyAgrees) return false;
  if (compareBirthDates(a.birth, b.birth) === B_YEAR) return true;
  const pc = postcode.compare(a, b);
  const loc = locality.compare(a, b);
  return pc === EXACT || pc === CLOSE || loc === EXACT || loc === CLOSE;
}

/** The same home: household key, postcode, or the same street in the same town. */
function sameHome(a: PreparedRecord, b: PreparedRecord): boolean {
  if (sharedHome(a, b) || postcode.compare(a, b) === EXACT) return true;
  const st = street.compare(a, b);
  if (st !== S_EXACT && st !== S_CLOSE) return false;
  const loc = locality.compare(a, b);
  return loc === EXACT || loc === CLOSE;
}

/**
 * Whether two records in clusters about to merge contradict each other: their comparisons, weighed without
 * the prior, do not favour one person (at or below EngineConfig.contradictionWeight) and the evidence against them
 * is more than any single field can give. A typo in one field is priced by that field's `different` weight
 * and never vetoes a merge on its own; two people chained through a third (A-B and B-C linked, A and C with
 * different given names and birth dates) are kept apart.
 */
export function contradicts(
  cm: CompiledModel,
  cfg: ResolvedConfig,
  a: PreparedRecord,
  b: PreparedRecord,
): boolean {
  const [x, y] = a.id < b.id ? [a, b] : [b, a];
  // What links a pair on its own (a shared card, a verified phone) is no contradiction of it.
  if (deterministicEvidence(x, y) !== undefined) return false;
  const { total, against } = weighPair(cm, x, y);
  return total <= cfg.contradictionWeight && against < cm.singleFieldFloor;
}
