import type { PersonRecord } from '@rapport/contracts';
import { fold } from '../normalise/text.ts';

export type SurvivorshipRule = 'most-trusted-source' | 'most-recent' | 'most-frequent' | 'longest';

export type GoldenField = 'givenName' | 'middleName' | 'familyName' | 'fullName' | 'birthDate' | 'nationalId';
export type GoldenListField = 'emails' | 'phones' | 'addresses' | 'handles' | 'cards' | 'crmIds';

export type SurvivorshipRules = {
  /** Sources from most to least trusted; unlisted sources rank last. */
  sourceTrust: string[];
  /** Per field, rules applied in turn until one value is left; ties then go to the smallest record id. */
  fields: Record<GoldenField, SurvivorshipRule[]>;
  /** Order of list values (all values survive, deduplicated). */
  lists: SurvivorshipRule[];
};

export const DEFAULT_SURVIVORSHIP: SurvivorshipRules = {
  sourceTrust: ['crm', 'loyalty', 'social'],
  fields: {
    givenName: ['most-trusted-source', 'most-frequent', 'longest', 'most-recent'],
    middleName: ['most-trusted-source', 'longest', 'most-recent'],
    familyName: ['most-trusted-source', 'most-frequent', 'longest', 'most-recent'],
    fullName: ['most-trusted-source', 'longest', 'most-recent'],
    birthDate: ['most-frequent', 'longest', 'most-trusted-source', 'most-recent'],
    nationalId: ['most-trusted-source', 'most-frequent', 'most-recent'],
  },
  lists: ['most-recent', 'most-trusted-source'],
};

/** A surviving value and where it came from. */
export type GoldenValue<T> = {
  value: T;
  recordId: string;
  source: string;
  rule: SurvivorshipRule | 'only-value' | 'tie-break:record-id';
};

export type GoldenRecord = {
  recordIds: string[];
  fields: Partial<Record<GoldenField, GoldenValue<string>>>;
  lists: { [F in GoldenListField]: GoldenValue<PersonRecord[F][number]>[] };
};

type Candidate<T> = { value: T; key: string; record: PersonRecord };

function narrow<T>(cands: Candidate<T>[], rule: SurvivorshipRule, trust: string[]): Candidate<T>[] {
  let score: (c: Candidate<T>) => number | string;
  switch (rule) {
    case 'most-trusted-source':
      score = (c) => {
        const i = trust.indexOf(c.record.source);
        return i < 0 ? -trust.length - 1 : -i;
      };
      break;
    case 'most-recent':
      score = (c) => c.record.updatedAt ?? '';
      break;
    case 'most-frequent': {
      const freq = new Map<string, number>();
      for (const c of cands) freq.set(c.key, (freq.get(c.key) ?? 0) + 1);
      score = (c) => freq.get(c.key)!;
      break;
    }
    case 'longest':
      score = (c) => c.key.length;
      break;
  }
  let best: number | string | undefined;
  for (const c of cands) {
    const s = score(c);
    if (best === undefined || s > best) best = s;
  }
  return cands.filter((c) => score(c) === best);
}

function byRecordId<T>(a: Candidate<T>, b: Candidate<T>): number {
  return a.record.recordId < b.record.recordId ? -1 : a.record.recordId > b.record.recordId ? 1 : 0;
}

function pick(
  cands: Candidate<string>[],
  rules: SurvivorshipRule[],
  trust: string[],
): GoldenValue<string> | undefined {
  if (cands.length === 0) return undefined;
  const distinct = new Set(cands.map((c) => c.key));
  let rest = cands;
  let decidedBy: GoldenValue<string>['rule'] = distinct.size === 1 ? 'only-value' : 'tie-break:record-id';
  if (distinct.size > 1) {
    for (const rule of rules) {
      rest = narrow(rest, rule, trust);
      if (new Set(rest.map((c) => c.key)).size === 1) {
        decidedBy = rule;
        break;
      }
    }
  }
  const winner = [...rest].sort(byRecordId)[0]!;
  return {
    value: winner.value,
    recordId: winner.record.recordId,
    source: winner.record.source,
    rule: decidedBy,
  };
}

function listKey(field: GoldenListField, v: unknown): string {
  switch (field) {
    case 'emails':
      return (v as { address: string }).address.trim().toLowerCase();
    case 'phones':
      return (v as { number: string }).number.replace(/[^\d+]/g, '');
    case 'handles': {
      const h = v as { platform: string; handle: string };
      return `${h.platform.toLowerCase()}:${h.handle.toLowerCase().replace(/^@/, '')}`;
    }
    case 'cards': {
      const c = v as { program: string; number: string };
      return `${c.program.toLowerCase()}:${c.number.replace(/[\s-]/g, '')}`;
    }
    case 'addresses':
      return fold(
        Object.values(v as Record<string, string | undefined>)
          .filter((x) => x !== undefined)
          .join(' '),
      );
    case 'crmIds':
      return String(v);
  }
}

/**
 * The best view of one customer: per field, the value chosen by the field's rules, each pointing at the
 * record it came from; list fields keep every distinct value, ordered by the list rules.
 */
export function goldenRecord(
  records: readonly PersonRecord[],
  rules: Partial<SurvivorshipRules> = {},
): GoldenRecord {
  const r: SurvivorshipRules = {
    ...DEFAULT_SURVIVORSHIP,
    ...rules,
    fields: { ...DEFAULT_SURVIVORSHIP.fields, ...rules.fields },
  };
  const fields: GoldenRecord['fields'] = {};
  for (const field of Object.keys(r.fields) as GoldenField[]) {
    const cands: Candidate<string>[] = [];
    for (const rec of records) {
      const v = rec[field];
      if (typeof v === 'string' && v.trim() !== '')
        cands.push({ value: v.trim(), key: field === 'birthDate' ? v.trim() : fold(v), record: rec });
    }
    const chosen = pick(cands, r.fields[field], r.sourceTrust);
    if (chosen !== undefined) fields[field] = chosen;
  }
  const listFields: GoldenListField[] = ['emails', 'phones', 'addresses', 'handles', 'cards', 'crmIds'];
  const lists = {} as GoldenRecord['lists'];
  for (const field of listFields) {
    const groups = new Map<string, Candidate<unknown>[]>();
    for (const rec of records) {
      for (const v of (rec[field] ?? []) as unknown[]) {
        const k = listKey(field, v);
        if (k === '') continue;
        groups.set(k, [...(groups.get(k) ?? []), { value: v, key: k, record: rec }]);
      }
    }
    const chosen: { c: Candidate<unknown>; order: Candidate<unknown>[] }[] = [];
    for (const cands of groups.values()) {
      let rest = cands;
      for (const rule of r.lists) rest = narrow(rest, rule, r.sourceTrust);
      chosen.push({ c: [...rest].sort(byRecordId)[0]!, order: cands });
    }
    // Order: rank of the representative by the list rules, then key for stability.
    const reps = chosen.map((x) => x.c);
    const rank = (c: Candidate<unknown>): string => `${c.record.updatedAt ?? ''}`;
    reps.sort((a, b) =>
      rank(a) > rank(b) ? -1 : rank(a) < rank(b) ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
    (lists as Record<string, GoldenValue<unknown>[]>)[field] = reps.map((c) => ({
      value: c.value,
      recordId: c.record.recordId,
      source: c.record.source,
      rule: r.lists[0] ?? 'most-recent',
    }));
  }
  return { recordIds: records.map((x) => x.recordId).sort(), fields, lists };
}
