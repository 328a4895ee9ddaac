import type { PreparedRecord } from '../normalise/prepare.ts';
import { soundex } from '../normalise/text.ts';

/**
 * A rough "which person" key used only to count people behind one email or phone: initial plus the
 * sound of the family name, so one person's typo'd records count once while a household counts per member.
 */
export function personKey(p: PreparedRecord): string {
  if (p.given === '' && p.family === '') return '';
  return `${p.given.slice(0, 1)}|${soundex(p.family)}`;
}

/** Counts distinct people per identifier value; a value above the limit is no evidence of identity. */
export class IdentifierLoad {
  readonly #people = new Map<string, Map<string, number>>();

  add(p: PreparedRecord, delta: 1 | -1): void {
    const who = personKey(p);
    if (who === '') return;
    for (const v of p.emails) this.#bump(v, who, delta);
    for (const v of p.phones) this.#bump(v, who, delta);
  }

  #bump(value: string, who: string, delta: 1 | -1): void {
    let m = this.#people.get(value);
    if (m === undefined) {
      if (delta < 0) return;
      m = new Map();
      this.#people.set(value, m);
    }
    const n = (m.get(who) ?? 0) + delta;
    if (n <= 0) m.delete(who);
    else m.set(who, n);
    if (m.size === 0) this.#people.delete(value);
  }

  peopleFor(value: string): number {
    return this.#people.get(value)?.size ?? 0;
  }

  overloaded(limit: number): Set<string> {
    const out = new Set<string>();
    for (const [v, m] of this.#people) if (m.size > limit) out.add(v);
    return out;
  }
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
  for (const [v, s] of seen) if (typeof s !== 'string' && s.size > limit) out.add(v);
  return out;
}
