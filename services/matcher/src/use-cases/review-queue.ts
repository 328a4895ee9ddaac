import type { ReviewQueuePage } from '@rapport/contracts';
import { effectiveForm, explainPrepared } from '@rapport/matching';
import { customerSummary } from './customer-summary.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { CurrentEngine, ReadSnapshot, WorthRule } from './ports.ts';

/**
 * What a steward's decision is worth: the value of the two customers it settles. A loyalty member is
 * worth most (revenue and a programme to honour), a CRM contact next (an account, a sales history), a
 * social account least; a loyalty tier adds to its record. A pair's worth is the sum over the source
 * records of both customers, so a decision joining two rich customers comes before one about two lone
 * social accounts.
 */
export const REVIEW_WORTH: WorthRule = {
  bySource: { loyalty: 3, crm: 2, social: 1 },
  otherSource: 1,
  loyaltyTier: 2,
};

export type ReviewDeps = { engine: CurrentEngine; snapshot: ReadSnapshot };

/**
 * A page of possible matches: pairs scored for review or links a clustering guard held back, between
 * records of different customers, that no steward has ruled on; most valuable first, then by pair.
 */
export function reviewQueue(
  deps: ReviewDeps,
  query: { limit: number; cursor?: string | undefined },
): Promise<ReviewQueuePage> {
  const after =
    query.cursor === undefined
      ? undefined
      : (([worth, a, b]) => ({ worth, a, b }))(
          decodeCursor(query.cursor, ['number', 'string', 'string'] as const),
        );
  return deps.snapshot(async (reads) => {
    const engine = await deps.engine();
    const rows = await reads.reviewPage({ limit: query.limit + 1, after, worth: REVIEW_WORTH });
    const page = rows.slice(0, query.limit);
    const ids = page.flatMap((r) => [r.a, r.b]);
    const [records, members] = await Promise.all([
      reads.store.records(ids),
      reads.members([...new Set(page.flatMap((r) => r.customers))]),
    ]);
    const items = page.flatMap((r) => {
      const [ra, rb] = [records.get(r.a), records.get(r.b)];
      if (ra === undefined || rb === undefined) return [];
      const explanation = explainPrepared(engine, effectiveForm(ra), effectiveForm(rb));
      return [
        {
          a: r.a,
          b: r.b,
          customers: [
            customerSummary(r.customers[0], members.get(r.customers[0]) ?? []),
            customerSummary(r.customers[1], members.get(r.customers[1]) ?? []),
          ] as [ReturnType<typeof customerSummary>, ReturnType<typeof customerSummary>],
          reason: r.refusedBy === undefined ? r.reason : `refused:${r.refusedBy}`,
          probability: explanation.probability,
          worth: r.worth,
          explanation,
        },
      ];
    });
    const last = page.at(-1);
    return {
      items,
      ...(rows.length > query.limit && last !== undefined
        ? { nextCursor: encodeCursor([last.worth, last.a, last.b]) }
        : {}),
    };
  });
}
