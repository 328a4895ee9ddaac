import { CustomerId, type Influencer, type InfluencerPage, type InfluencersQuery } from '@rapport/contracts';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.ts';

const InfluencerCursor = z.tuple([z.number(), CustomerId]);

/** Port: customers flagged as influencers, most influential first (influence descending, then id). */
export interface InfluencerQueries {
  page(
    reason: InfluencersQuery['reason'],
    after: { influenceScore: number; customerId: string } | undefined,
    limit: number,
  ): Promise<Influencer[]>;
}

export async function listInfluencers(
  queries: InfluencerQueries,
  query: InfluencersQuery,
): Promise<InfluencerPage> {
  let after: { influenceScore: number; customerId: string } | undefined;
  if (query.cursor !== undefined) {
    const [influenceScore, customerId] = decodeCursor(query.cursor, InfluencerCursor);
    after = { influenceScore, customerId };
  }
  const rows = await queries.page(query.reason, after, query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.influenceScore, last.customerId]) : null,
  };
}
