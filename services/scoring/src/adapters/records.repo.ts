import type { RecordFeatures } from '@rapport/scoring-model';
import type { RecordState } from '../use-cases/record-state.ts';
import { jsonTexts, JSON_TEXTS } from '@rapport/db';
import { isoOrNull, rowsParam, type Queryable } from './sql.ts';

interface RecordRow {
  record_id: string;
  features: RecordFeatures;
  profile_at: Date | null;
  profile_event_id: string | null;
  erased: boolean;
}

/** The records as RECORD_UPSERT's two parameters: the rows, their features beside them (jsonTexts). */
export function recordParams(records: readonly RecordState[]): [string, string | null] {
  const rows = records.map((r) => ({
    record_id: r.recordId,
    profile_at: isoOrNull(r.profileAt),
    profile_event_id: r.profileEventId,
    erased: r.erased,
  }));
  return [rowsParam(rows), jsonTexts(records.map((r) => r.features))];
}

/** Upserts the records of `recordParams`, given as the parameters `rows` and `features`. */
export const RECORD_UPSERT = (rows: string, features: string) => `
  insert into scoring_records (record_id, features, profile_at, profile_event_id, erased, updated_at)
  select record_id, features::json, profile_at, profile_event_id, erased, now()
    from rows from (
      json_to_recordset(${rows}::json) as (record_id text, profile_at timestamptz, profile_event_id uuid, erased boolean),
      ${JSON_TEXTS(features)}) as x(record_id, profile_at, profile_event_id, erased, features)
  on conflict (record_id) do update set
    features = excluded.features, profile_at = excluded.profile_at,
    profile_event_id = excluded.profile_event_id, erased = excluded.erased, updated_at = now()`;

function grouped(rows: readonly { key: string; value: string }[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, value } of rows) map.set(key, [...(map.get(key) ?? []), value]);
  return map;
}

/** scoring_records, scoring_cards and scoring_referrals (the batch's combined statements are in batch-queries.ts). */
export function recordsRepo(db: Queryable) {
  return {
    async records(ids: readonly string[]): Promise<Map<string, RecordState>> {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<RecordRow>(
        `select record_id, features, profile_at, profile_event_id, erased
           from scoring_records where record_id = any($1::text[])`,
        [ids],
      );
      return new Map(
        rows.map((r) => [
          r.record_id,
          {
            recordId: r.record_id,
            features: r.features,
            profileAt: r.profile_at?.getTime() ?? null,
            profileEventId: r.profile_event_id,
            erased: r.erased,
          },
        ]),
      );
    },

    async cardsOf(members: readonly string[]): Promise<Map<string, string[]>> {
      if (members.length === 0) return new Map();
      const { rows } = await db.query<{ key: string; value: string }>(
        `select member_record_id as key, card_record_id as value from scoring_cards
          where member_record_id = any($1::text[]) order by 1, 2`,
        [members],
      );
      return grouped(rows);
    },

    async cardHolders(cards: readonly string[]): Promise<Map<string, string>> {
      if (cards.length === 0) return new Map();
      const { rows } = await db.query<{ card_record_id: string; member_record_id: string }>(
        'select card_record_id, member_record_id from scoring_cards where card_record_id = any($1::text[])',
        [cards],
      );
      return new Map(rows.map((r) => [r.card_record_id, r.member_record_id]));
    },

    /** Each member's cards become exactly these; a card another member held moves. */
    async replaceCards(cards: ReadonlyMap<string, readonly string[]>): Promise<void> {
      const members = [...cards.keys()];
      const pairs = [...cards].flatMap(([member, list]) => list.map((card) => [card, member] as const));
      await db.query('delete from scoring_cards where member_record_id = any($1::text[])', [members]);
      if (pairs.length === 0) return;
      await db.query(
        `insert into scoring_cards (card_record_id, member_record_id)
         select * from unnest($1::text[], $2::text[])
         on conflict (card_record_id) do update set member_record_id = excluded.member_record_id`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
    },

    async replaceReferrals(referrals: ReadonlyMap<string, readonly string[]>): Promise<void> {
      const pairs = [...referrals].flatMap(([referred, list]) => list.map((r) => [referred, r] as const));
      await db.query('delete from scoring_referrals where referred_record_id = any($1::text[])', [
        [...referrals.keys()],
      ]);
      if (pairs.length === 0) return;
      await db.query(
        `insert into scoring_referrals (referred_record_id, referrer_record_id)
         select * from unnest($1::text[], $2::text[]) on conflict do nothing`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
    },

    async referrersOf(referred: readonly string[]): Promise<Map<string, string[]>> {
      if (referred.length === 0) return new Map();
      const { rows } = await db.query<{ key: string; value: string }>(
        `select referred_record_id as key, referrer_record_id as value from scoring_referrals
          where referred_record_id = any($1::text[]) order by 1, 2`,
        [referred],
      );
      return grouped(rows);
    },
  };
}
