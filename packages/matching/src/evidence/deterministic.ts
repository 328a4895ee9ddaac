import { cardProgram } from '../normalise/card.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';

export type DeterministicRule =
  'same-card' | 'same-verified-email' | 'same-verified-phone' | 'owner-linked-handle';

function intersects(xs: readonly string[], ys: readonly string[]): boolean {
  if (xs.length === 0 || ys.length === 0) return false;
  for (const x of xs) if (ys.includes(x)) return true;
  return false;
}

/**
 * Evidence strong enough to link without weighing: a card number is issued to one member; a verified
 * email or phone proved control by both; a handle the member linked on their own profile.
 */
export function deterministicEvidence(a: PreparedRecord, b: PreparedRecord): DeterministicRule | undefined {
  if (intersects(a.cards, b.cards)) return 'same-card';
  if (intersects(a.verifiedEmails, b.verifiedEmails)) return 'same-verified-email';
  if (intersects(a.verifiedPhones, b.verifiedPhones)) return 'same-verified-phone';
  if (intersects(a.ownerLinkedHandles, b.handles) || intersects(b.ownerLinkedHandles, a.handles))
    return 'owner-linked-handle';
  return undefined;
}

/** Two different card numbers of one programme: a programme issues one card per member. */
export function differentCardsOfOneProgram(a: readonly string[], b: readonly string[]): string | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  for (const x of a) {
    const px = cardProgram(x);
    for (const y of b) if (x !== y && cardProgram(y) === px && !a.includes(y) && !b.includes(x)) return px;
  }
  return undefined;
}

export type RelationKind = 'household-address' | 'shared-landline';

/** Weaker evidence: people who share it are often relatives or flatmates, not one person. */
export function relatedEvidence(a: PreparedRecord, b: PreparedRecord): RelationKind[] | undefined {
  let out: RelationKind[] | undefined;
  outer: for (const x of a.addresses) {
    if (x.householdKey === '') continue;
    for (const y of b.addresses) {
      if (x.householdKey === y.householdKey) {
        out = ['household-address'];
        break outer;
      }
    }
  }
  if (intersects(a.landlines, b.phones) || intersects(b.landlines, a.phones))
    (out ??= []).push('shared-landline');
  return out;
}
