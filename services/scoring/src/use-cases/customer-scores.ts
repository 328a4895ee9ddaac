import type { CustomerScores, ScoreHistoryEntry, ScoreHistoryPage } from '@rapport/contracts';
import type { PriorityExplanation } from '@rapport/scoring-model';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { CustomerNotScored } from './problems.ts';

/** `seq` is a bigint column: a safe integer. */
const HistoryCursor = z.tuple([z.int().min(0)]);

export interface CurrentScore {
  customerId: string;
  identityRevision: number;
  recordIds: string[];
  asOf: string;
  band: CustomerScores['band'];
  explanation: PriorityExplanation;
}

/** Port: the stored scores of a customer and their history, newest first (`seq` orders it). */
export interface ScoreQueries {
  current(customerId: string): Promise<CurrentScore | undefined>;
  history(
    customerId: string,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<(ScoreHistoryEntry & { seq: number })[]>;
}

export async function getScoreHistory(
  queries: ScoreQueries,
  customerId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<ScoreHistoryPage> {
  const before = page.cursor === undefined ? undefined : decodeCursor(page.cursor, HistoryCursor)[0];
  const rows = await queries.history(customerId, before, page.limit + 1);
  const items = rows.slice(0, page.limit);
  return {
    items: items.map(({ seq: _seq, ...entry }) => entry),
    nextCursor: rows.length > page.limit ? encodeCursor([items.at(-1)!.seq]) : null,
  };
}

/** A customer's current scores, the published band over the explanation, and the latest history. */
export async function getCustomerScores(queries: ScoreQueries, customerId: string): Promise<CustomerScores> {
  const current = await queries.current(customerId);
  if (current === undefined) throw new CustomerNotScored(customerId);
  const e = current.explanation;
  return {
    customerId,
    identityRevision: current.identityRevision,
    recordIds: current.recordIds,
    score: e.score,
    band: current.band,
    rank: e.rank,
    influencer: e.influencer,
    asOf: current.asOf,
    explanation: { ...e, band: current.band },
    history: await getScoreHistory(queries, customerId, { limit: 20 }),
  };
}
