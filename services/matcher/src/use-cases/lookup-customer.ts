import type {
  IdentifierQuery,
  LookupResult,
  PersonRecord,
  SearchBody,
  SearchResult,
} from '@rapport/contracts';
import { effectiveForm, rankCandidates, type Candidate } from '@rapport/matching';
import { customerSummary } from './customer-summary.ts';
import { identifierKey, searchProbe, type KeyHasher } from './lookup-keys.ts';
import type { CurrentEngine, LookupCache, ReadSnapshot } from './ports.ts';
import { IdentifierNotFound, IdentifierUnreadable } from './problems.ts';

export type LookupDeps = {
  engine: CurrentEngine;
  hash: KeyHasher;
  cache: LookupCache;
  snapshot: ReadSnapshot;
  /** The customers carrying the key `hash`: each member's record, and whether the key found it. */
  customersUnder: (hash: string) => Promise<{ customer: string; source: PersonRecord; matched: boolean }[]>;
  /** Told when Redis fails: the answer then comes from Postgres alone. */
  onCacheError: (error: unknown) => void;
};

/** The field of a query that holds its value, for a 400's pointer. */
const valueField: Record<IdentifierQuery['kind'], string> = {
  email: 'email',
  phone: 'phone',
  card: 'number',
  handle: 'handle',
  'crm-id': 'crmId',
  'member-id': 'memberId',
};

/**
 * The customers carrying an identifier, as the JSON text of the answer: from Redis when a lookup of the
 * same key is cached (a miss is cached too: the creation of a record carrying the key deletes it), else
 * from Postgres. The cache is keyed by the identifier's keyed hash, so no identifier is ever a Redis key,
 * and holds the answer's customers as the text they are sent as: a cached answer is neither parsed nor
 * serialised again on the hot path. The answer is filed under its customers, whose changes drop it.
 * 404 when nobody carries it.
 */
export async function lookupCustomer(deps: LookupDeps, query: IdentifierQuery): Promise<string> {
  const key = identifierKey(await deps.engine(), query);
  if (key === undefined) throw new IdentifierUnreadable(valueField[query.kind]);
  const hash = deps.hash(key);
  let customers = await deps.cache.get(hash).catch((error: unknown) => {
    deps.onCacheError(error);
    return undefined;
  });
  if (customers === undefined) {
    const found = await fromDatabase(deps, hash);
    customers = JSON.stringify(found);
    await deps.cache
      .set(
        hash,
        customers,
        found.map((c) => c.customerId),
      )
      .catch((error: unknown) => deps.onCacheError(error));
  }
  if (customers === NOBODY) throw new IdentifierNotFound(query.kind);
  return `{"kind":${JSON.stringify(query.kind)},"customers":${customers}}`;
}

// The cached answer of an identifier nobody carries.
const NOBODY = '[]';

async function fromDatabase(deps: LookupDeps, hash: string): Promise<LookupResult['customers']> {
  const byCustomer = new Map<string, { records: PersonRecord[]; matched: string[] }>();
  for (const row of await deps.customersUnder(hash)) {
    let c = byCustomer.get(row.customer);
    if (c === undefined) byCustomer.set(row.customer, (c = { records: [], matched: [] }));
    c.records.push(row.source);
    if (row.matched) c.matched.push(row.source.recordId);
  }
  return [...byCustomer.keys()].sort().map((customer) => {
    const c = byCustomer.get(customer)!;
    return { ...customerSummary(customer, c.records), matchedRecordIds: c.matched.sort() };
  });
}

// A common name in a big town finds thousands of records: the best of this many are ranked.
const MAX_SEARCH_CANDIDATES = 2000;

/**
 * Customers whose records match a name with a postcode or a town: candidates found under the sound of
 * either name with the place, judged against the query by the engine, best record per customer first.
 */
export async function searchCustomers(
  deps: Pick<LookupDeps, 'engine' | 'hash' | 'snapshot'>,
  body: SearchBody & { limit: number },
): Promise<SearchResult> {
  const engine = await deps.engine();
  const { probe, keys } = searchProbe(engine, body);
  if (keys.length === 0) return { customers: [] };
  return deps.snapshot(async (reads) => {
    const hits = await reads.findKeys(keys.map(deps.hash));
    const ids = [...new Set(hits.map((h) => h.record))].sort().slice(0, MAX_SEARCH_CANDIDATES);
    const records = await reads.store.records(ids);
    const ranked = rankCandidates(engine, probe, [...records.values()].map(effectiveForm));
    const best = new Map<string, Candidate>();
    for (const c of ranked) {
      const customer = records.get(c.recordId)!.cluster;
      if (!best.has(customer)) best.set(customer, c);
      if (best.size === body.limit) break;
    }
    const members = await reads.members([...best.keys()]);
    return {
      customers: [...best].map(([customer, c]) => ({
        ...customerSummary(customer, members.get(customer) ?? []),
        recordId: c.recordId,
        probability: c.probability,
      })),
    };
  });
}
