import { IsoDateTime, type CareQueueItem, type CareQueuePage, type CareQueueQuery } from '@rapport/contracts';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { MentionNotFound } from './problems.ts';

const QueueCursor = z.tuple([z.number(), IsoDateTime, z.uuid()]);

export interface QueuePosition {
  score: number;
  occurredAt: string;
  mentionId: string;
}

/** Port: the posts in priority order (score descending, then oldest first, then id), and the care action. */
export interface CareQueueQueries {
  page(
    filter: Omit<CareQueueQuery, 'cursor' | 'limit'>,
    after: QueuePosition | undefined,
    limit: number,
  ): Promise<CareQueueItem[]>;
  markHandled(
    mentionId: string,
    by: string,
    note: string | undefined,
    at: Date,
  ): Promise<CareQueueItem | undefined>;
}

export async function listCareQueue(
  queries: CareQueueQueries,
  query: CareQueueQuery,
): Promise<CareQueuePage> {
  const { cursor, limit, ...filter } = query;
  let after: QueuePosition | undefined;
  if (cursor !== undefined) {
    const [score, occurredAt, mentionId] = decodeCursor(cursor, QueueCursor);
    after = { score, occurredAt, mentionId };
  }
  const rows = await queries.page(filter, after, limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > limit && last ? encodeCursor([last.score, last.occurredAt, last.mentionId]) : null,
  };
}

/** Marks a post handled (the first marking is kept: marking again changes nothing). */
export async function markHandled(
  queries: CareQueueQueries,
  mentionId: string,
  by: string,
  note: string | undefined,
  now: Date,
): Promise<CareQueueItem> {
  const item = await queries.markHandled(mentionId, by, note, now);
  if (item === undefined) throw new MentionNotFound(mentionId);
  return item;
}
