import type { IdentityChangeKind } from '@rapport/contracts';
import type { RecordFeatures } from '@rapport/scoring-model';
import type {
  ApplyState,
  CustomerSnapshot,
  CustomerState,
  Edge,
  Owner,
  PreviousScore,
  RepricedMention,
  PricedMention,
} from '../use-cases/ports.ts';
import type { RecordState } from '../use-cases/record-state.ts';
import { OWNERS, snapshotOf } from './identity.repo.ts';
import {
  mentionFromRow,
  MENTION_JSON,
  MENTION_REPRICE,
  mentionParams,
  MENTION_UPSERT,
  repricedParams,
} from './mentions.repo.ts';
import { recordParams, RECORD_UPSERT } from './records.repo.ts';
import { historyRows, HISTORY_INSERT, scoreParams, SCORE_UPSERT } from './scores.repo.ts';
import { rowsParam, type Queryable } from './sql.ts';

// The batch's reads and writes grouped into as few statements as their order allows: on a busy database
// each round trip costs more than what it carries, and a batch made two dozen of them.

const ms = (t: string | null) => (t === null ? null : Date.parse(t));

/** Claims the event ids and takes the record locks in one statement; the reads come in the next one. */
export async function claimAndLock(db: Queryable, eventIds: readonly string[], keys: readonly string[]) {
  const { rows } = await db.query<{ fresh: string[] }>(
    `with claimed as (
       insert into scoring_seen_events (event_id) select unnest($1::uuid[]) on conflict do nothing returning event_id)
     select array(select event_id::text from claimed) as fresh, scoring_lock($2::text[])`,
    [eventIds, keys],
  );
  return new Set(rows[0]!.fresh);
}

/**
 * The owners of `recordIds` read, and their customers locked with `customerKeys`, in one statement: the
 * owners are read before the locks are granted, as a separate read would be, so the caller reads the
 * owners of records it holds no lock on again.
 */
export async function lockOwners(
  db: Queryable,
  recordIds: readonly string[],
  customerKeys: readonly string[],
): Promise<Map<string, Owner>> {
  const { rows } = await db.query<{ owners: [string, string, number, string][] }>(
    `with owners as (${OWNERS('$1')})
     select (select coalesce(json_agg(json_build_array(record_id, customer_id, revision, occurred_at)), '[]')
               from owners) as owners,
            scoring_lock(array(select 'c:' || customer_id from owners) || $2::text[])`,
    [recordIds, customerKeys],
  );
  return new Map(
    rows[0]!.owners.map(([record, customerId, revision, occurredAt]) => [
      record,
      { customerId, revision, occurredAt: Date.parse(occurredAt) },
    ]),
  );
}

/** The records, card holders and posts a batch's events touch, read after their locks. */
export async function applyState(
  db: Queryable,
  recordIds: readonly string[],
  cardIds: readonly string[],
  mentionIds: readonly string[],
): Promise<ApplyState> {
  const { rows } = await db.query<{
    records: {
      record_id: string;
      features: RecordFeatures;
      profile_at: string | null;
      profile_event_id: string | null;
      erased: boolean;
    }[];
    holders: [string, string][];
    mentions: Parameters<typeof mentionFromRow>[0][];
  }>(
    `select
       (select coalesce(json_agg(json_build_object('record_id', record_id, 'features', features,
          'profile_at', profile_at, 'profile_event_id', profile_event_id, 'erased', erased)), '[]')
          from scoring_records where record_id = any($1::text[])) as records,
       (select coalesce(json_agg(json_build_array(card_record_id, member_record_id)), '[]')
          from scoring_cards where card_record_id = any($2::text[])) as holders,
       (select coalesce(json_agg(${MENTION_JSON}), '[]') from scoring_mentions m
          where mention_id = any($3::uuid[])) as mentions`,
    [recordIds, cardIds, mentionIds],
  );
  const r = rows[0]!;
  return {
    records: new Map(
      r.records.map((x) => [
        x.record_id,
        {
          recordId: x.record_id,
          features: x.features,
          profileAt: ms(x.profile_at),
          profileEventId: x.profile_event_id,
          erased: x.erased,
        },
      ]),
    ),
    holders: new Map(r.holders),
    mentions: new Map(r.mentions.map((m) => [m.mention_id, mentionFromRow(m)])),
  };
}

/** The records a batch changed and the edges its new posts add, in one statement. */
export async function saveApplied(db: Queryable, records: readonly RecordState[], edges: readonly Edge[]) {
  const summed = new Map<string, Edge>();
  for (const e of edges) {
    const key = JSON.stringify([e.from, e.to, e.kind]);
    summed.set(key, { ...e, weight: (summed.get(key)?.weight ?? 0) + e.weight });
  }
  const [rows, features] = recordParams(records);
  await db.query(
    `with records as (${RECORD_UPSERT('$1', '$2')}),
          edges as (
            insert into scoring_edges (from_record_id, to_record_id, kind, weight)
            select from_record_id, to_record_id, kind, weight from json_to_recordset($3::json)
              as x(from_record_id text, to_record_id text, kind text, weight float8)
            on conflict (from_record_id, to_record_id, kind) do update
              set weight = scoring_edges.weight + excluded.weight)
     select 1`,
    [
      rows,
      features,
      rowsParam(
        [...summed.values()].map((e) => ({
          from_record_id: e.from,
          to_record_id: e.to,
          kind: e.kind,
          weight: e.weight,
        })),
      ),
    ],
  );
}

/**
 * Everything the customers' scores are computed from, read in one statement under their locks: snapshots,
 * the records each holds now (its members' cards beside them), those records' features, whom they referred,
 * the scores last published, and the posts of their accounts and of `posts.authors`: the open ones and those
 * posted within `posts.withinMs` before the earliest snapshot time of the customers (a customer is scored as
 * of its snapshot time or later, so these include every post recent for any of them).
 */
export async function customerState(
  db: Queryable,
  customerIds: readonly string[],
  posts: { authors: readonly string[]; withinMs: number },
): Promise<CustomerState> {
  const { rows } = await db.query<{
    snapshots: {
      customer_id: string;
      revision: number;
      kind: IdentityChangeKind;
      occurred_at: string;
      record_ids: string[];
      candidates: CustomerSnapshot['candidates'] | null;
    }[];
    held: [string, string][];
    features: { record_id: string; features: RecordFeatures }[];
    referred: [string, string][];
    scores: {
      customer_id: string;
      band: PreviousScore['band'];
      score: number;
      raw_band: PreviousScore['band'];
    }[];
    mentions: Parameters<typeof mentionFromRow>[0][];
  }>(
    `with held as (
       select cr.customer_id, cr.record_id from scoring_customer_records cr
        where cr.customer_id = any($1::text[])
          and not exists (
            select 1 from scoring_customer_records newer
             where newer.record_id = cr.record_id
               and (newer.occurred_at, newer.customer_id) > (cr.occurred_at, cr.customer_id))),
     folded as (
       select customer_id, record_id from held
       union all
       select h.customer_id, c.card_record_id from held h join scoring_cards c on c.member_record_id = h.record_id),
     authors as (
       select record_id from held where record_id like 'social:%'
       union
       select unnest($2::text[]))
     select
       (select coalesce(json_agg(json_build_object('customer_id', customer_id, 'revision', revision, 'kind', kind,
          'occurred_at', occurred_at, 'record_ids', record_ids, 'candidates', candidates)), '[]')
          from scoring_customers where customer_id = any($1::text[])) as snapshots,
       (select coalesce(json_agg(json_build_array(customer_id, record_id)), '[]') from folded) as held,
       (select coalesce(json_agg(json_build_object('record_id', record_id, 'features', features)), '[]')
          from scoring_records where record_id in (select record_id from folded)) as features,
       (select coalesce(json_agg(json_build_array(referred_record_id, referrer_record_id)), '[]')
          from scoring_referrals where referrer_record_id in (select record_id from held)) as referred,
       (select coalesce(json_agg(json_build_object('customer_id', customer_id, 'band', band, 'score', score,
          'raw_band', raw_band)), '[]') from scoring_scores where customer_id = any($1::text[])) as scores,
       (select coalesce(json_agg(${MENTION_JSON} order by m.mention_id), '[]') from scoring_mentions m
          where m.record_id in (select record_id from authors)
            and (m.handled_at is null
              or m.occurred_at > (select min(occurred_at) from scoring_customers where customer_id = any($1::text[]))
                 - make_interval(secs => $3::float8 / 1000))) as mentions`,
    [customerIds, posts.authors, posts.withinMs],
  );
  const r = rows[0]!;
  const held = new Map<string, string[]>();
  for (const [customer, record] of r.held) held.set(customer, [...(held.get(customer) ?? []), record]);
  for (const list of held.values()) list.sort();
  return {
    snapshots: new Map(r.snapshots.map((s) => [s.customer_id, snapshotOf(s)])),
    held,
    features: new Map(r.features.map((f) => [f.record_id, f.features])),
    referred: r.referred
      .map(([referred, referrer]) => ({ referred, referrer }))
      .sort((a, b) =>
        a.referred < b.referred ? -1 : a.referred > b.referred ? 1 : a.referrer < b.referrer ? -1 : 1,
      ),
    scores: new Map(
      r.scores.map((s) => [s.customer_id, { band: s.band, score: s.score, rawBand: s.raw_band }]),
    ),
    mentions: r.mentions.map(mentionFromRow),
  };
}

/**
 * The scores, their history, the customers gone, the posts observed and those rescored, in one statement
 * (the two post sets are disjoint: a statement's parts must not change one row twice).
 */
export async function saveScoring(
  db: Queryable,
  writes: {
    scores: Parameters<typeof scoreParams>[0];
    history: Parameters<typeof historyRows>[0];
    gone: readonly string[];
    mentions: readonly PricedMention[];
    repriced: readonly RepricedMention[];
  },
) {
  const [scores, explanations] = scoreParams(writes.scores);
  const [mentions, urgency, observed, priorities] = mentionParams(writes.mentions);
  const [repriced, repricedPriorities] = repricedParams(writes.repriced);
  await db.query(
    `with scores as (${SCORE_UPSERT('$1', '$2')}),
          history as (${HISTORY_INSERT('$3')}),
          gone as (delete from scoring_scores where customer_id = any($4::text[])),
          mentions as (${MENTION_UPSERT('$5', '$6', '$7', '$8')}),
          repriced as (${MENTION_REPRICE('$9', '$10')})
     select 1`,
    [
      scores,
      explanations,
      rowsParam(historyRows(writes.history)),
      writes.gone,
      mentions,
      urgency,
      observed,
      priorities,
      repriced,
      repricedPriorities,
    ],
  );
}
