import type { PreparedRecord } from '../normalise/prepare.ts';
import { soundex } from '../normalise/text.ts';

/*
 * The per-identifier limit, one rule for batch and incremental resolution: an email or phone carried by
 * more than `maxPeoplePerIdentifier` distinct people (a shop's own number typed for every walk-in
 * customer) is no evidence of identity. People are told apart by personKey; a record without a name is
 * nobody. The batch counts over all its records at once (findOverloaded); the incremental engine keeps
 * the counts in its store and applies a batch's changes to them (overloadChanges).
 */

/**
 * A rough "which person" key used only to count people behind one email or phone: initial plus the
 * sound of the family name, so one person's typo'd records count once while a household counts per member.
 */
export function personKey(p: PreparedRecord): string {
  if (p.given === '' && p.family === '') return '';
  return `${p.given.slice(0, 1)}|${soundex(p.family)}`;
}

/** The values the limit applies to. */
export function limitedValues(p: PreparedRecord): string[] {
  return [...p.emails, ...p.phones];
}

export function isOverloaded(people: number, limit: number): boolean {
  return people > limit;
}

/** The batch form of the limit: one pass, storing a set only for values that more than one person uses. */
export function findOverloaded(prepared: readonly PreparedRecord[], limit: number): Set<string> {
  const seen = new Map<string, string | Set<string>>();
  const note = (value: string, who: string): void => {
    const cur = seen.get(value);
    if (cur === undefined) seen.set(value, who);
    else if (typeof cur === 'string') {
      if (cur !== who) seen.set(value, new Set([cur, who]));
    } else cur.add(who);
  };
  for (const p of prepared) {
    const who = personKey(p);
    if (who === '') continue;
    for (const v of p.emails) note(v, who);
    for (const v of p.phones) note(v, who);
  }
  const out = new Set<string>();
  for (const [v, s] of seen) if (isOverloaded(typeof s === 'string' ? 1 : s.size, limit)) out.add(v);
  return out;
}

/** How a value is used: distinct people (see ResolutionStore.identifiers), records per person asked about. */
export type IdentifierUse = { people: number; recordsOf: ReadonlyMap<string, number> };

/** Records added (+1) or removed (-1) per value and person key: the identifier side of a batch. */
export class CarrierDeltas {
  readonly byValue = new Map<string, Map<string, number>>();

  add(p: PreparedRecord, delta: 1 | -1): void {
    const who = personKey(p);
    for (const v of limitedValues(p)) {
      let m = this.byValue.get(v);
      if (m === undefined) this.byValue.set(v, (m = new Map()));
      m.set(who, (m.get(who) ?? 0) + delta);
    }
  }

  /** The question for the store: each value with the people whose record counts change. */
  query(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [v, m] of this.byValue)
      out.set(
        v,
        [...m.keys()].filter((who) => who !== ''),
      );
    return out;
  }
}

/**
 * Each value's status before and after the batch, from its stored use and the batch's deltas. A person
 * joins a value's count when their first record with it arrives and leaves it with their last.
 */
export function overloadChanges(
  deltas: CarrierDeltas,
  uses: ReadonlyMap<string, IdentifierUse>,
  limit: number,
): Map<string, { before: boolean; after: boolean }> {
  const out = new Map<string, { before: boolean; after: boolean }>();
  for (const [value, byPerson] of deltas.byValue) {
    const use = uses.get(value);
    const before = use?.people ?? 0;
    let after = before;
    for (const [who, delta] of byPerson) {
      if (who === '' || delta === 0) continue;
      const had = use?.recordsOf.get(who) ?? 0;
      if (had === 0 && had + delta > 0) after++;
      else if (had > 0 && had + delta <= 0) after--;
    }
    out.set(value, { before: isOverloaded(before, limit), after: isOverloaded(after, limit) });
  }
  return out;
}
