import type { Customer360, PersonRecord } from '@rapport/contracts';
import { goldenRecord, type Edge, type StoredRecord } from '@rapport/matching';
import type { ReadSnapshot } from './ports.ts';
import { CustomerNotFound } from './problems.ts';

const HISTORY = 100;

/**
 * Everything known about one customer: its golden record (each field with its source record), every
 * source record, its identifiers, the customers related to it (a shared household address or landline:
 * reported, never merged), the steward decisions on its records and its latest changes.
 */
export async function customerView(snapshot: ReadSnapshot, customerId: string): Promise<Customer360> {
  return snapshot(async (reads) => {
    const { store } = reads;
    const members = (await store.clusters([customerId])).get(customerId);
    if (members === undefined || members.length === 0) throw new CustomerNotFound(customerId);
    const [records, sources, edges, decisions, changes] = await Promise.all([
      store.records(members),
      store.sources(members),
      store.edges(members),
      store.decisions(members),
      reads.history(customerId, HISTORY),
    ]);
    const inside = new Set(members);
    const outside = [
      ...new Set(
        edges.flatMap((e) => (e.related === undefined ? [] : [e.a, e.b])).filter((id) => !inside.has(id)),
      ),
    ];
    const others = await store.records(outside);
    const records360 = members.flatMap((id) => {
      const r = sources.get(id);
      return r === undefined ? [] : [r];
    });
    return {
      customerId,
      golden: (({ fields, lists }) => ({ fields, lists }))(goldenRecord(records360)),
      records: records360,
      identifiers: identifiers([...records.values()], sources),
      related: related(edges, inside, others),
      decisions,
      history: changes,
    };
  });
}

type Identifier = Customer360['identifiers'][number];

function identifiers(
  records: readonly StoredRecord[],
  sources: ReadonlyMap<string, PersonRecord>,
): Identifier[] {
  const found = new Map<string, Identifier>();
  const add = (kind: Identifier['kind'], value: string, record: StoredRecord) => {
    const key = `${kind}\u001f${value}`;
    let entry = found.get(key);
    if (entry === undefined)
      found.set(key, (entry = { kind, value, recordIds: [], ignored: record.overloaded.includes(value) }));
    entry.recordIds.push(record.id);
  };
  // In record id order, so each identifier lists its records the same way whatever order the store read them.
  for (const r of [...records].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    const p = r.prepared;
    for (const v of p.emails) add('email', v, r);
    for (const v of p.phones) add('phone', v, r);
    for (const v of p.cards) add('card', v, r);
    for (const v of p.handles) add('handle', v, r);
    for (const v of sources.get(r.id)?.crmIds ?? []) add('crm-id', v.trim(), r);
  }
  return [...found.values()].sort((x, y) =>
    x.kind !== y.kind ? (x.kind < y.kind ? -1 : 1) : x.value < y.value ? -1 : 1,
  );
}

function related(
  edges: readonly Edge[],
  inside: ReadonlySet<string>,
  others: ReadonlyMap<string, StoredRecord>,
): Customer360['related'] {
  const byCustomer = new Map<string, { kinds: Set<string>; via: [string, string][] }>();
  for (const e of edges) {
    if (e.related === undefined || (inside.has(e.a) && inside.has(e.b))) continue;
    const [ours, theirs] = inside.has(e.a) ? [e.a, e.b] : [e.b, e.a];
    const customer = others.get(theirs)?.cluster;
    if (customer === undefined) continue;
    let entry = byCustomer.get(customer);
    if (entry === undefined) byCustomer.set(customer, (entry = { kinds: new Set(), via: [] }));
    for (const k of e.related) entry.kinds.add(k);
    entry.via.push([ours, theirs]);
  }
  return [...byCustomer]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([customerId, { kinds, via }]) => ({
      customerId,
      kinds: [...kinds].sort(),
      via: via.sort((x, y) => (x.join('|') < y.join('|') ? -1 : 1)),
    }));
}
