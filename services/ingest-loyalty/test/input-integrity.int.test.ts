import { DeadLetterEnvelope } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { auth, member, startLoyalty, transaction } from './service.ts';

// What the API fuzzer and a new user found (issue 13), through the real service: impossible dates,
// text that is not what it claims, media types and methods, and batches that carry nothing valid.

const json = { ...auth, 'content-type': 'application/json' };
const memberText = (fields: string) =>
  `{"memberId":"M-1","program":"skymiles","updatedAt":"2025-03-14T09:26:53Z",${fields}}`;

describe('ingest-loyalty input integrity', () => {
  test('refuses impossible dates, NUL, lone surrogates and invalid UTF-8 with the field path; publishes nothing', async ({
    kafka,
    redis,
  }) => {
    const svc = await startLoyalty(kafka, redis);
    try {
      const post = (payload: string | Buffer) =>
        svc.app.inject({ method: 'POST', url: '/v1/loyalty/members', headers: json, payload });
      const cases: [string, string | Buffer, { path: string; message: string }][] = [
        [
          'a 30 February',
          memberText('"birthDate":"1980-02-30"'),
          { path: '/birthDate', message: 'has no day 30 in month 2' },
        ],
        [
          'a NUL in an id',
          JSON.stringify({ ...member, memberId: 'M-1\u0000' }),
          { path: '/memberId', message: 'must not contain the NUL character' },
        ],
        [
          'a lone surrogate',
          memberText('"names":{"given":"Ana\\ud800"}'),
          { path: '/names/given', message: 'must be well-formed Unicode: it holds a lone surrogate' },
        ],
        [
          'invalid UTF-8 bytes',
          Buffer.concat([
            Buffer.from(memberText('"names":{"family":"Sou')),
            Buffer.from([0xe7, 0x61, 0x22, 0x7d, 0x7d]),
          ]),
          { path: '/names/family', message: 'is not valid UTF-8' },
        ],
      ];
      for (const [name, payload, error] of cases) {
        const response = await post(payload);
        expect(response.statusCode, `${name}: ${response.body}`).toBe(400);
        expect(response.headers['content-type'], name).toMatch(/^application\/problem\+json/);
        expect(response.json().errors, name).toEqual([expect.objectContaining(error)]);
        // Problems never quote what was sent.
        expect(response.body, name).not.toContain('Ana');
      }
      expect(await svc.topics.count('loyalty.member.v1')).toBe(0);
    } finally {
      await svc.stop();
    }
  });

  test('a raw message with a lone surrogate or invalid UTF-8 is dead-lettered with the field, not published with a repaired key', async ({
    kafka,
    redis,
  }) => {
    const svc = await startLoyalty(kafka, redis);
    try {
      await svc.topics.produce('raw.loyalty.members', [
        { key: 'M-1', value: memberText('"names":{"given":"\\udc00"}') },
        {
          key: 'M-1',
          value: Buffer.concat([Buffer.from(memberText('"email":"a')), Buffer.from([0xff, 0x22, 0x7d])]),
        },
        { key: 'M-1', value: JSON.stringify(member) },
      ]);
      const [published] = await svc.topics.readAll('loyalty.member.v1', { atLeast: 1 });
      expect(published?.key).toBe('skymiles:M-100234');
      const dead = (await svc.topics.readAll('raw.loyalty.members.dlq', { atLeast: 2 })).map((d) =>
        DeadLetterEnvelope.parse(d.json),
      );
      expect(dead.map((d) => [d.reason, d.error.details])).toEqual([
        ['schema_invalid', [expect.objectContaining({ path: '/names/given' })]],
        ['json_invalid', [expect.objectContaining({ path: '/email', code: 'invalid_utf8' })]],
      ]);
      expect(await svc.topics.count('loyalty.member.v1')).toBe(1);
    } finally {
      await svc.stop();
    }
  });

  test('text/plain is 415, __proto__ is refused by name, TRACE is 405', async ({ kafka, redis }) => {
    const svc = await startLoyalty(kafka, redis);
    try {
      const text = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/members',
        headers: { ...auth, 'content-type': 'text/plain' },
        payload: JSON.stringify(member),
      });
      expect(text.statusCode, text.body).toBe(415);
      expect(text.json()).toMatchObject({ status: 415, detail: 'this route takes application/json' });

      const proto = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/members',
        headers: json,
        payload: memberText('"__proto__":{"tier":"platinum"}'),
      });
      expect(proto.statusCode, proto.body).toBe(400);
      expect(proto.json().errors).toEqual([
        { path: '/__proto__', message: '"__proto__" is not accepted as a field name', code: 'forbidden_key' },
      ]);

      const trace = await svc.app.inject({
        method: 'TRACE' as 'GET',
        url: '/v1/loyalty/members',
        headers: auth,
      });
      expect(trace.statusCode, trace.body).toBe(405);
      expect(trace.headers.allow).toBe('POST');
      expect(await svc.topics.count('loyalty.member.v1')).toBe(0);
    } finally {
      await svc.stop();
    }
  });

  test('a batch whose every record is rejected answers 422 with the per-record errors', async ({
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
            { ...transaction, currency: 'AAA' },
            { ...transaction, channel: 'fax' },
          ],
        },
      });
      expect(batch.statusCode, batch.body).toBe(422);
      expect(batch.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(batch.json()).toMatchObject({
        status: 422,
        type: 'urn:rapport:problem:batch-rejected',
        accepted: 0,
        rejected: 2,
        results: [
          { index: 0, status: 'rejected', errors: [{ path: '/currency' }] },
          { index: 1, status: 'rejected', errors: [{ path: '/channel' }] },
        ],
      });
      const nd = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/members/batch',
        headers: { ...auth, 'content-type': 'application/x-ndjson' },
        payload: '{oops\n{"memberId":"M-1"}\n',
      });
      expect(nd.statusCode, nd.body).toBe(422);
      expect(nd.json()).toMatchObject({ accepted: 0, rejected: 2 });
      expect(await svc.topics.count('loyalty.transaction.v1')).toBe(0);
      expect(await svc.topics.count('loyalty.member.v1')).toBe(0);
    } finally {
      await svc.stop();
    }
  });

  test('the OpenAPI document says what the service does', async ({ kafka, redis }) => {
    const svc = await startLoyalty(kafka, redis);
    try {
      const doc = (await svc.app.inject({ url: '/docs/json' })).json();
      for (const [path, item] of Object.entries(
        doc.paths as Record<string, Record<string, { responses: object }>>,
      )) {
        for (const [method, operation] of Object.entries(item)) {
          for (const [status, response] of Object.entries(
            operation.responses as Record<string, { content?: object }>,
          )) {
            if (Number(status) < 400 || path === '/readyz') continue;
            expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual([
              'application/problem+json',
            ]);
          }
        }
      }
      const batch = doc.paths['/v1/loyalty/members/batch'].post.requestBody.content;
      expect(batch['application/x-ndjson'].schema).toMatchObject({
        type: 'array',
        items: { type: 'object' },
      });
      const currency =
        doc.paths['/v1/loyalty/transactions'].post.requestBody.content['application/json'].schema.properties
          .currency;
      expect(currency.pattern).toBeUndefined();
      expect(currency.enum).toContain('GBP');
      expect(currency.enum).not.toContain('AAA');
      const unprocessable = doc.paths['/v1/loyalty/members/batch'].post.responses['422'];
      expect(unprocessable.content['application/problem+json'].schema.properties.results.type).toBe('array');
    } finally {
      await svc.stop();
    }
  });
});
