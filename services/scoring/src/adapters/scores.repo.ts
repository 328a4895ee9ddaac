import { jsonTexts, JSON_TEXTS } from '@rapport/db';
import type { HistoryEntry, StoredScore } from '../use-cases/ports.ts';
import { rowsParam } from './sql.ts';

// scoring_scores and scoring_score_history, written by the batch in one statement (batch-queries.ts).

/** The scores as SCORE_UPSERT's two parameters: the rows, their explanations beside them (jsonTexts). */
export function scoreParams(scores: readonly StoredScore[]): [string, string | null] {
  const rows = scores.map((s) => {
    const e = s.explanation;
    return {
      customer_id: s.customerId,
      identity_revision: s.identityRevision,
      record_ids: s.recordIds,
      as_of: new Date(s.asOf).toISOString(),
      score: e.score,
      raw_band: e.rawBand,
      band: s.band,
      rank: e.rank,
      value_score: e.value?.score ?? 0,
      urgency_score: e.urgency.score,
      influence_score: e.influence.score,
      influencer_flag: e.influencer.flag,
      influencer_online: e.influencer.online,
      influencer_offline: e.influencer.offline,
      model_version: s.modelVersion,
    };
  });
  return [rowsParam(rows), jsonTexts(scores.map((s) => s.explanation))];
}

/** Upserts the scores of `scoreParams`, given as the parameters `rows` and `explanations`. */
export const SCORE_UPSERT = (rows: string, explanations: string) => `
  insert into scoring_scores (customer_id, identity_revision, record_ids, as_of, score, raw_band, band, rank,
    value_score, urgency_score, influence_score, influencer_flag, influencer_online, influencer_offline,
    model_version, explanation, updated_at)
  select customer_id, identity_revision, record_ids, as_of, score, raw_band, band, rank, value_score,
    urgency_score, influence_score, influencer_flag, influencer_online, influencer_offline, model_version,
    explanation::json, now()
  from rows from (
    json_to_recordset(${rows}::json) as (customer_id text, identity_revision int, record_ids text[],
      as_of timestamptz, score float8, raw_band text, band text, rank int, value_score float8,
      urgency_score float8, influence_score float8, influencer_flag text, influencer_online float8,
      influencer_offline float8, model_version text),
    ${JSON_TEXTS(explanations)})
    as x(customer_id, identity_revision, record_ids, as_of, score, raw_band, band, rank, value_score,
      urgency_score, influence_score, influencer_flag, influencer_online, influencer_offline, model_version,
      explanation)
  on conflict (customer_id) do update set identity_revision = excluded.identity_revision,
    record_ids = excluded.record_ids, as_of = excluded.as_of, score = excluded.score,
    raw_band = excluded.raw_band, band = excluded.band, rank = excluded.rank,
    value_score = excluded.value_score, urgency_score = excluded.urgency_score,
    influence_score = excluded.influence_score, influencer_flag = excluded.influencer_flag,
    influencer_online = excluded.influencer_online, influencer_offline = excluded.influencer_offline,
    model_version = excluded.model_version, explanation = excluded.explanation, updated_at = now()`;

export function historyRows(entries: readonly HistoryEntry[]) {
  return entries.map((h) => ({
    customer_id: h.customerId,
    as_of: new Date(h.asOf).toISOString(),
    score: h.explanation.score,
    band: h.band,
    raw_band: h.explanation.rawBand,
    value_score: h.explanation.value?.score ?? 0,
    urgency_score: h.explanation.urgency.score,
    influence_score: h.explanation.influence.score,
    influencer_flag: h.explanation.influencer.flag,
    config_version: h.explanation.configVersion,
    snapshot_version: h.explanation.snapshotVersion ?? h.explanation.value?.snapshotVersion ?? '',
    published: h.published,
  }));
}

/** Appends the rows of `historyRows`, given as the JSON parameter `param`. */
export const HISTORY_INSERT = (param: string) => `
  insert into scoring_score_history (customer_id, as_of, score, band, raw_band, value_score, urgency_score,
    influence_score, influencer_flag, config_version, snapshot_version, published)
  select * from json_to_recordset(${param}::json) as x(customer_id text, as_of timestamptz, score float8,
    band text, raw_band text, value_score float8, urgency_score float8, influence_score float8,
    influencer_flag text, config_version text, snapshot_version text, published boolean)`;
