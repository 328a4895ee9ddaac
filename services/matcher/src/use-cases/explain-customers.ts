import type { CustomerWhy, PairWhy, RecordWhy } from '@rapport/contracts';
import {
  effectiveForm,
  explainCluster,
  explainPrepared,
  explainRecord,
  explainStoredPair,
} from '@rapport/matching';
import type { CurrentEngine, ReadSnapshot } from './ports.ts';
import { CustomerNotFound, RecordNotFound } from './problems.ts';

export type ExplainDeps = { engine: CurrentEngine; snapshot: ReadSnapshot };

/** What holds a customer together: every link between its records with every comparison, and decisions. */
export function explainCustomer(deps: ExplainDeps, customerId: string): Promise<CustomerWhy> {
  return deps.snapshot(async ({ store }) => {
    const e = await explainCluster(await deps.engine(), store, customerId);
    if (e === undefined) throw new CustomerNotFound(customerId);
    return { customerId, members: e.members, links: e.links, refused: e.refused, decisions: e.decisions };
  });
}

/** Why a record is in a customer, or not: the record judged against every other record of the customer. */
export function explainCustomerRecord(
  deps: ExplainDeps,
  customerId: string,
  recordId: string,
): Promise<RecordWhy> {
  return deps.snapshot(async ({ store }) => {
    const engine = await deps.engine();
    const members = (await store.clusters([customerId])).get(customerId);
    if (members === undefined) throw new CustomerNotFound(customerId);
    const records = await store.records([recordId, ...members]);
    const self = records.get(recordId);
    if (self === undefined) throw new RecordNotFound([recordId]);
    const e = await explainRecord(engine, store, recordId, customerId);
    const me = effectiveForm(self);
    return {
      recordId,
      customerId,
      inCustomer: e.inCluster,
      recordCustomerId: self.cluster,
      evidence: e.evidence.map((m) => ({
        ...m,
        pair: explainPrepared(engine, me, effectiveForm(records.get(m.other)!)),
      })),
    };
  });
}

/** Why two records are one customer, or what keeps them apart. */
export function explainRecordPair(deps: ExplainDeps, a: string, b: string): Promise<PairWhy> {
  return deps.snapshot(async ({ store }) => {
    const e = await explainStoredPair(await deps.engine(), store, a, b);
    if (e === undefined) {
      const known = await store.records([a, b]);
      throw new RecordNotFound([a, b].filter((id) => !known.has(id)));
    }
    return {
      a: e.a,
      b: e.b,
      customers: e.clusters,
      together: e.together,
      because: e.because,
      pair: e.pair,
      ...(e.edge === undefined
        ? {}
        : {
            edge: {
              kind: e.edge.kind,
              reason: e.edge.reason,
              weight: e.edge.weight,
              ...(e.edge.refusedBy === undefined ? {} : { refusedBy: e.edge.refusedBy }),
              ...(e.edge.related === undefined ? {} : { related: [...e.edge.related] }),
            },
          }),
      decisions: e.decisions,
      blocks: e.blocks,
      ignored: [[...e.ignored[0]], [...e.ignored[1]]],
    };
  });
}
