import type { PoolClient } from '@rapport/db';

/**
 * Records event ids as applied (processed_events) and answers those that were new. Concurrent claims of
 * one id wait for each other on its primary key, so exactly one transaction gets it.
 */
export async function claimEvents(client: PoolClient, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const { rows } = await client.query<{ event_id: string }>(
    `insert into processed_events (event_id) select unnest($1::uuid[])
     on conflict do nothing returning event_id`,
    [eventIds.map((id) => id.toLowerCase())],
  );
  const claimed = new Set(rows.map((r) => r.event_id));
  return new Set(eventIds.filter((id) => claimed.has(id.toLowerCase())));
}
