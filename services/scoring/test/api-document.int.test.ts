// The scoring API takes what its OpenAPI document says it takes (found by the API fuzzer): instants with
// any offset and year, any schema-valid cursor either a page or a 400 naming /cursor (never a 500), ids
// as long as the schema allows, error answers under the media type served, constraints in the schema.
import { readFileSync } from 'node:fs';
import { mentionId, RECORD_ID_MAX, socialMentionTopic } from '@rapport/contracts';
import { test } from '@rapport/testing';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { pgInstant } from '../src/adapters/sql.ts';
import { encodeCursor } from '../src/use-cases/cursor.ts';
import { SHIPPED_SNAPSHOT } from '../src/deps.ts';
import { daysAgo, mention } from './events.ts';
import { keys, withScoring } from './scoring-service.ts';

const MINUTE = 60_000;

/** The instant `iso` written in local time at `offsetMinutes` from UTC, as ISO 8601 allows. */
function atOffset(iso: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(iso) + offsetMinutes * MINUTE).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

const ids = (body: { items: { mentionId: string }[] }) => body.items.map((i) => i.mentionId);

describe('the scoring API against its document', () => {
  test('reads any instant, decodes or refuses any cursor, takes long ids, documents problem+json', async ({
    kafka,
    redis,
    db,
  }) => {
    await withScoring({ kafka, redis, db }, async (s) => {
      await s.produce(socialMentionTopic, [
        mention('a', 'p-0', { text: 'Flooded room @acmehotels, refund please', daysAgo: 0 }),
        mention('b', 'p-1', { text: 'Rude staff at @acmehotels', daysAgo: 1 }),
        mention('c', 'p-2', { text: 'Nice pool @acmehotels', daysAgo: 2 }),
      ]);
      await s.consumed();
      const queue = async (query: string) => {
        const answer = await s.get(`/v1/scoring/care-queue?${query}`);
        expect(answer.statusCode, answer.body).toBe(200);
        return answer.json() as { items: { mentionId: string }[]; nextCursor: string | null };
      };
      const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

      // The fuzzer's request: an offset Postgres refuses (-22:27) in year 640.
      await queue(
        'from=0640-08-28T17%3A31%3A45-22%3A27&platform=t&band=P0%2CP2%2CP3%2CP1%2CP5&to=1997-09-30T00%3A00%3A00.000Z',
      );
      const window = await queue(q({ from: daysAgo(1.5), to: daysAgo(0.5) }));
      expect(ids(window)).toEqual([mentionId('x', 'p-1')]);
      for (const offset of [-(22 * 60 + 27), 23 * 60 + 59, 0])
        expect(
          ids(await queue(q({ from: atOffset(daysAgo(1.5), offset), to: atOffset(daysAgo(0.5), offset) }))),
        ).toEqual(ids(window));
      // Year 0 (1 BC for Postgres), and past year 9999 through an offset.
      expect((await queue(q({ from: '0000-01-01T00:00:00Z' }))).items).toHaveLength(3);
      expect((await queue(q({ to: '0000-01-01T00:00:00+23:59' }))).items).toEqual([]);
      expect((await queue(q({ to: '9999-12-31T23:59:59-23:59' }))).items).toHaveLength(3);

      // A well-formed position with an odd offset is a page; positions the keys cannot hold are 400s.
      const first = await queue('limit=1');
      const [top] = first.items as unknown as { score: number; occurredAt: string; mentionId: string }[];
      const after = await queue(
        q({ cursor: encodeCursor([top!.score, atOffset(top!.occurredAt, -(22 * 60 + 27)), top!.mentionId]) }),
      );
      expect(ids(after)).toEqual(ids(await queue(q({ cursor: first.nextCursor! }))));
      for (const url of [
        `/v1/scoring/care-queue?cursor=${encodeCursor([1, 'not-a-time', 'not-a-uuid'])}`,
        `/v1/scoring/care-queue?cursor=K`,
        `/v1/scoring/customers/C-1/history?cursor=${encodeCursor([1.5])}`,
        `/v1/scoring/influencers?cursor=${encodeCursor([1, 'a\u0000b'])}`,
      ]) {
        const refused = await s.get(url);
        expect(refused.statusCode, `${url}: ${refused.body}`).toBe(400);
        expect(refused.json().errors).toEqual([expect.objectContaining({ path: '/cursor' })]);
      }

      // The longest customer id is valid: an answer from the route, not the router's 414.
      const long = await s.get(`/v1/scoring/customers/${encodeURIComponent('é'.repeat(RECORD_ID_MAX + 2))}`);
      expect(long.statusCode, long.body).toBe(404);
      expect(long.json().type).toBe('urn:rapport:problem:customer-not-scored');

      const docs = (await s.svc.app.inject({ url: '/docs/json' })).json();
      const errors = Object.entries(docs.paths as Record<string, Record<string, { responses: object }>>)
        .filter(([path]) => path.startsWith('/v1/'))
        .flatMap(([path, ops]) =>
          Object.entries(ops).flatMap(([method, op]) =>
            Object.entries(op.responses as Record<string, { content?: object }>)
              .filter(([status]) => !status.startsWith('2'))
              .map(([status, r]) => [`${method} ${path} ${status}`, Object.keys(r.content ?? {})]),
          ),
        );
      expect(errors.length).toBeGreaterThan(30);
      expect(errors.filter(([, media]) => String(media) !== 'application/problem+json')).toEqual([]);

      // The snapshot's constraints are in its schema, so what it allows is taken.
      const body =
        docs.paths['/v1/scoring/model/value-snapshot'].put.requestBody.content['application/json'].schema;
      expect(body.properties.timeUnitDays).toMatchObject({ exclusiveMinimum: 0 });
      for (const p of ['r', 'alpha', 'a', 'b'])
        expect(body.properties.bgNbd.properties.params.properties[p]).toMatchObject({ exclusiveMinimum: 0 });
      const maxVersion = body.properties.version.maxLength as number;
      const snapshot = JSON.parse(readFileSync(SHIPPED_SNAPSHOT, 'utf8'));
      const put = (version: string) =>
        s.svc.app.inject({
          method: 'PUT',
          url: '/v1/scoring/model/value-snapshot',
          headers: { 'x-api-key': keys.admin },
          payload: { ...snapshot, version, timeUnitDays: Number.MIN_VALUE },
        });
      const longest = await put('v'.repeat(maxVersion));
      expect(longest.statusCode, longest.body).toBe(200);
      const refit = await s.svc.app.inject({
        method: 'POST',
        url: '/v1/scoring/model/network',
        headers: { 'x-api-key': keys.admin },
      });
      expect(refit.statusCode, refit.body).toBe(200);
      const tooLong = await put('v'.repeat(maxVersion + 1));
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json().errors).toEqual([expect.objectContaining({ path: '/version' })]);
    });
  });

  test('an API instant reaches Postgres as the same instant, any offset, any year', async ({ db }) => {
    await fc.assert(
      fc.asyncProperty(
        // A day inside years 0..9999, so that the local time written stays a 4-digit year.
        fc.integer({ min: Date.parse('0000-01-02T00:00:00Z'), max: Date.parse('9999-12-30T00:00:00Z') }),
        fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        async (ms, offset) => {
          const iso = atOffset(new Date(ms).toISOString(), offset);
          const { rows } = await db.pool.query<{ ms: string }>(
            `select (extract(epoch from $1::timestamptz) * 1000)::text as ms`,
            [pgInstant(iso)],
          );
          expect(Number(rows[0]!.ms), iso).toBe(ms);
        },
      ),
      { numRuns: 200 },
    );
  });
});
