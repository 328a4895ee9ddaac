import type { PoolClient } from '@rapport/db';
import type { CandidateProbes, SocialCustomer } from '../use-cases/customer-candidates.ts';
import { KNOWN_PATTERNS, SOCIAL_PATTERN } from '../use-cases/record-sources.ts';
import { REVIEWABLE } from './resolution-store.repo.ts';

type Row = {
  cluster_id: string;
  members: string[];
  matches: {
    own: string;
    other: string;
    customer: string;
    weight: number;
    reason: string;
    refused_by: string | null;
  }[];
};

/**
 * The customers with no loyalty or CRM record that hold one of `probes.social` or a social record paired
 * for review with one of `probes.known`, with their members and every stored pair of theirs scored for
 * review, or linked and refused by a guard, against a loyalty or CRM record (which is then in another
 * customer). One statement. A pair is stored with `record_a < record_b`, and every loyalty and CRM record id
 * sorts before every social one (record-sources.ts, tested), so such a pair has the social record as
 * `record_b` (its own index) and the other as `record_a` (the reviewable pairs' partial index).
 */
export async function readSocialCustomers(
  client: PoolClient,
  probes: CandidateProbes,
): Promise<Map<string, SocialCustomer>> {
  if (probes.social.length === 0 && probes.known.length === 0) return new Map();
  const { rows } = await client.query<Row>(
    `with probes as (
       select unnest($1::text[]) as record_id
       union
       select e.record_b from resolution_edges e
        where e.record_a = any($3::text[]) and ${REVIEWABLE} and e.record_b like $4),
     clusters as (
       select distinct p.cluster_id from resolution_placements p join probes using (record_id)),
     alone as (
       select p.cluster_id, array_agg(p.record_id order by p.record_id) as members
         from resolution_placements p join clusters using (cluster_id)
        group by p.cluster_id
       having not bool_or(p.record_id like any($2::text[]))),
     own as (select a.cluster_id, m.record_id from alone a cross join unnest(a.members) as m(record_id)),
     pairs as (
       select o.cluster_id, o.record_id as own, e.record_a as other, e.weight, e.reason, e.refused_by
         from own o join resolution_edges e on e.record_b = o.record_id
        where ${REVIEWABLE} and e.record_a like any($2::text[])),
     -- The other end's customer by a lookup per pair: joined, the planner merged a scan of every placement.
     placed as (
       select x.*, (select p.cluster_id from resolution_placements p where p.record_id = x.other) as customer
         from pairs x)
     select a.cluster_id, a.members,
            coalesce(json_agg(json_build_object('own', x.own, 'other', x.other, 'customer', x.customer,
              'weight', x.weight, 'reason', x.reason, 'refused_by', x.refused_by)) filter (where x.customer is not null),
              '[]') as matches
       from alone a
       left join placed x using (cluster_id)
      group by a.cluster_id, a.members`,
    [probes.social, KNOWN_PATTERNS, probes.known, SOCIAL_PATTERN],
  );
  return new Map(
    rows.map((r) => [
      r.cluster_id,
      {
        members: r.members,
        matches: r.matches.map((m) => ({
          ownRecordId: m.own,
          recordId: m.other,
          customerId: m.customer,
          weight: m.weight,
          reason: m.reason,
          refusedBy: m.refused_by ?? undefined,
        })),
      },
    ]),
  );
}
