import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { auth, member, startLoyalty, transaction } from './service.ts';

const json = { ...auth, 'content-type': 'application/json' };

describe('ingest-loyalty over HTTP', () => {
  test('is live, ready (kafka, redis, consume loop) and documents every route', async ({ kafka, redis }) => {
    const svc = await startLoyalty(kafka, redis);
    try {
      const { app } = svc;
      expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await app.inject({ url: '/readyz' });
      expect(ready.statusCode, ready.body).toBe(200);
      expect(Object.keys(ready.json().checks).sort()).toEqual(['consumer', 'kafka', 'redis']);

      const doc = (await app.inject({ url: '/docs/json' })).json();
      for (const path of [
        '/v1/loyalty/members',
        '/v1/loyalty/members/batch',
        '/v1/loyalty/transactions',
        '/v1/loyalty/transactions/batch',
      ]) {
        const op = doc.paths[path].post;
        expect(Object.keys(op.responses)).toEqual(
          expect.arrayContaining(['202', '400', '401', '403', '413', '429', '503']),
        );
        const content = op.requestBody.content['application/json'];
        expect(content.examples ?? content.example, path).toBeDefined();
      }
      expect(Object.keys(doc.paths['/v1/loyalty/members/batch'].post.requestBody.content)).toContain(
        'application/x-ndjson',
      );

      const metrics = await app.inject({ url: '/metrics' });
      expect(metrics.body).toContain('http_request_duration_seconds');
    } finally {
      await svc.stop();
    }
  });

  test('accepts a member and a transaction, normalised, keyed per member', async ({ kafka, redis }) => {
    const svc = await startLoyalty(kafka, redis);
    try {
      const m = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/members',
        headers: json,
        payload: { ...member, change: 'enrolment' },
      });
      expect(m.statusCode, m.body).toBe(202);
      expect(m.json()).toEqual({ status: 'accepted', eventId: expect.any(String) });
      const t = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/transactions',
        headers: json,
        payload: transaction,
      });
      expect(t.statusCode, t.body).toBe(202);

      const [memberEvent] = await svc.topics.readAll('loyalty.member.v1', { atLeast: 1 });
      expect(memberEvent?.key).toBe('skymiles:M-100234');
      expect(memberEvent?.json).toMatchObject({
        eventId: m.json().eventId,
        schemaVersion: 1,
        source: 'loyalty',
        change: 'enrolment',
        names: { given: 'Ana', family: 'Souza' },
        handles: [{ platform: 'instagram', handle: 'ana.travels' }],
        updatedAt: '2025-03-14T09:26:53Z',
        deleted: false,
      });
      const [txEvent] = await svc.topics.readAll('loyalty.transaction.v1', { atLeast: 1 });
      expect(txEvent?.key).toBe('skymiles:M-100234');
      expect(txEvent?.json).toMatchObject({ eventId: t.json().eventId, amount: '84.2', currency: 'GBP' });
    } finally {
      await svc.stop();
    }
  });

  test('a JSON batch and an NDJSON batch answer per record; bad records sink nothing', async ({
    kafka,
    redis,
  }) => {
    const svc = await startLoyalty(kafka, redis);
    try {
      const batch = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/transactions/batch',
        headers: json,
        payload: {
          records: [
            transaction,
            { ...transaction, transactionId: 'T-2', currency: 'XYZ' },
            { ...transaction, transactionId: 'T-3', memberId: undefined, cardNumber: '6007 1234 5678' },
          ],
        },
      });
      expect(batch.statusCode, batch.body).toBe(202);
      expect(batch.json()).toMatchObject({
        accepted: 2,
        rejected: 1,
        results: [
          { index: 0, status: 'accepted' },
          { index: 1, status: 'rejected', errors: [{ path: '/currency', code: 'invalid_value' }] },
          { index: 2, status: 'accepted' },
        ],
      });

      const lines = [
        JSON.stringify(member),
        '{not json',
        '',
        JSON.stringify({ ...member, memberId: 'M-2', deleted: true }),
        JSON.stringify({ ...member, memberId: 'M-3', names: { givn: 'x' } }),
      ].join('\n');
      const nd = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/members/batch',
        headers: { ...auth, 'content-type': 'application/x-ndjson' },
        payload: lines,
      });
      expect(nd.statusCode, nd.body).toBe(202);
      expect(nd.json()).toMatchObject({
        accepted: 2,
        rejected: 2,
        results: [
          { index: 0, status: 'accepted' },
          { index: 1, status: 'rejected', errors: [{ path: '', code: 'invalid_json' }] },
          { index: 2, status: 'accepted' },
          { index: 3, status: 'rejected', errors: [{ path: '/names/givn', code: 'unrecognized_keys' }] },
        ],
      });

      const txs = await svc.topics.readAll('loyalty.transaction.v1', { atLeast: 2 });
      expect(txs.map((m) => m.key).sort()).toEqual(['skymiles:M-100234', 'skymiles:card:6007 1234 5678']);
      const members = await svc.topics.readAll('loyalty.member.v1', { atLeast: 2 });
      expect(members.map((m) => [m.key, (m.json as { change: string }).change]).sort()).toEqual([
        ['skymiles:M-100234', 'update'],
        ['skymiles:M-2', 'deletion'],
      ]);
    } finally {
      await svc.stop();
    }
  });

  test('invalid requests get a precise problem+json and produce nothing', async ({ kafka, redis }) => {
    const svc = await startLoyalty(kafka, redis, { MAX_BODY_BYTES: '4096', MAX_BATCH_RECORDS: '3' });
    try {
      const post = (url: string, payload: string | object, headers: Record<string, string> = json) =>
        svc.app.inject({ method: 'POST', url, headers, payload });
      const cases: [
        string,
        Awaited<ReturnType<typeof post>>,
        number,
        { path: string; code: string }[] | undefined,
      ][] = [
        ['malformed JSON', await post('/v1/loyalty/members', '{"memberId": '), 400, undefined],
        [
          'wrong type',
          await post('/v1/loyalty/members', { ...member, cardNumbers: 'x' }),
          400,
          [{ path: '/cardNumbers', code: 'invalid_type' }],
        ],
        [
          'missing field',
          await post('/v1/loyalty/transactions', { ...transaction, occurredAt: undefined }),
          400,
          [{ path: '/occurredAt', code: 'invalid_type' }],
        ],
        [
          'bad currency',
          await post('/v1/loyalty/transactions', { ...transaction, currency: 'ABC' }),
          400,
          [{ path: '/currency', code: 'invalid_value' }],
        ],
        [
          'unknown field',
          await post('/v1/loyalty/members', { ...member, names: { ...member.names, nick: 'A' } }),
          400,
          [{ path: '/names/nick', code: 'unrecognized_keys' }],
        ],
        [
          'oversized body',
          await post('/v1/loyalty/members', { ...member, email: 'a'.repeat(5000) }),
          413,
          undefined,
        ],
        [
          'too many records',
          await post('/v1/loyalty/members/batch', { records: [member, member, member, member] }),
          413,
          undefined,
        ],
        [
          'not a batch',
          await post('/v1/loyalty/members/batch', [member]),
          400,
          [{ path: '', code: 'invalid_type' }],
        ],
        [
          'empty batch',
          await post('/v1/loyalty/members/batch', { records: [] }),
          400,
          [{ path: '/records', code: 'too_small' }],
        ],
        [
          'bad Idempotency-Key',
          await post('/v1/loyalty/members', member, { ...json, 'idempotency-key': 'with space' }),
          400,
          [{ path: '/idempotency-key', code: 'invalid_format' }],
        ],
        [
          'unsupported type',
          await post('/v1/loyalty/members', 'x', { ...auth, 'content-type': 'application/xml' }),
          415,
          undefined,
        ],
        [
          'no key',
          await post('/v1/loyalty/members', member, { 'content-type': 'application/json' }),
          401,
          undefined,
        ],
        [
          'wrong scope',
          await post('/v1/loyalty/members', member, {
            'x-api-key': 'reader-key-0123456789',
            'content-type': 'application/json',
          }),
          403,
          undefined,
        ],
      ];
      for (const [name, res, status, errors] of cases) {
        expect(res.statusCode, `${name}: ${res.body}`).toBe(status);
        expect(res.headers['content-type'], name).toMatch(/^application\/problem\+json/);
        const problem = res.json();
        expect(problem, name).toMatchObject({ status, title: expect.any(String) });
        if (errors) expect(problem.errors, name).toEqual(errors.map((e) => expect.objectContaining(e)));
      }
      expect(await svc.topics.count('loyalty.member.v1')).toBe(0);
      expect(await svc.topics.count('loyalty.transaction.v1')).toBe(0);
    } finally {
      await svc.stop();
    }
  });

  test('Idempotency-Key: a retry gets the same answer and publishes once; reuse and overlap are refused', async ({
    kafka,
    redis,
  }) => {
    const svc = await startLoyalty(kafka, redis);
    try {
      const send = (key: string, payload: object) =>
        svc.app.inject({
          method: 'POST',
          url: '/v1/loyalty/members/batch',
          headers: { ...json, 'idempotency-key': key },
          payload,
        });
      const body = { records: [member, { ...member, memberId: 'M-2' }] };
      const first = await send('k-1', body);
      const again = await send('k-1', body);
      expect(first.statusCode, first.body).toBe(202);
      expect(again.statusCode).toBe(202);
      expect(again.body).toBe(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');

      const reused = await send('k-1', { records: [member] });
      expect(reused.statusCode).toBe(422);
      expect(reused.json().type).toBe('urn:rapport:problem:idempotency-key-reused');

      // A request still in flight holds its key: claim it as that request would.
      await svc.deps.idempotency.start('writer', 'k-2', 'in-flight');
      const overlapping = await send('k-2', body);
      expect(overlapping.statusCode).toBe(409);

      // The same key from another path is another request of its own.
      const single = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/members',
        headers: { ...json, 'idempotency-key': 'k-3' },
        payload: member,
      });
      const singleAgain = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/members',
        headers: { ...json, 'idempotency-key': 'k-3' },
        payload: member,
      });
      expect(singleAgain.body).toBe(single.body);

      // Two from the batch, one from the single write (its replay published nothing).
      const events = await svc.topics.readAll('loyalty.member.v1', { atLeast: 3 });
      expect(events).toHaveLength(3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await svc.topics.count('loyalty.member.v1')).toBe(3);
    } finally {
      await svc.stop();
    }
  });

  test('the rate limit per API key answers 429 with Retry-After', async ({ kafka, redis }) => {
    const svc = await startLoyalty(kafka, redis, { RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const post = () =>
        svc.app.inject({ method: 'POST', url: '/v1/loyalty/members', headers: json, payload: member });
      expect((await post()).statusCode).toBe(202);
      const second = await post();
      expect(second.statusCode).toBe(202);
      expect(second.headers['ratelimit-remaining']).toBe('0');
      const third = await post();
      expect(third.statusCode).toBe(429);
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(third.json()).toMatchObject({ status: 429, type: 'urn:rapport:problem:rate-limited' });
      expect(await svc.topics.count('loyalty.member.v1')).toBe(2);
    } finally {
      await svc.stop();
    }
  });
});
