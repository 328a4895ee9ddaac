import { DeadLetterEnvelope } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { auth, json, mention, startSocial } from './service.ts';

describe('ingest-social', () => {
  test('is ready and documents its routes', async ({ kafka, redis }) => {
    const svc = await startSocial(kafka, redis);
    try {
      const ready = await svc.app.inject({ url: '/readyz' });
      expect(ready.statusCode, ready.body).toBe(200);
      expect(Object.keys(ready.json().checks).sort()).toEqual(['consumer', 'kafka', 'redis']);
      const doc = (await svc.app.inject({ url: '/docs/json' })).json();
      for (const path of ['/v1/social/mentions', '/v1/social/mentions/batch']) {
        expect(Object.keys(doc.paths[path].post.responses)).toEqual(
          expect.arrayContaining(['202', '400', '401', '403', '413', '429', '503']),
        );
      }
    } finally {
      await svc.stop();
    }
  });

  test('a mention publishes the post and its author, keyed per author; re-observed engagement is a new event', async ({
    kafka,
    redis,
  }) => {
    const svc = await startSocial(kafka, redis);
    try {
      const first = await svc.app.inject({
        method: 'POST',
        url: '/v1/social/mentions',
        headers: json,
        payload: mention,
      });
      expect(first.statusCode, first.body).toBe(202);
      const resent = await svc.app.inject({
        method: 'POST',
        url: '/v1/social/mentions',
        headers: json,
        payload: mention,
      });
      expect(resent.json().eventId).toBe(first.json().eventId);
      const later = {
        ...mention,
        observedAt: '2025-03-15T07:10:00Z',
        engagement: { likes: 300, replies: 20 },
      };
      const updated = await svc.app.inject({
        method: 'POST',
        url: '/v1/social/mentions',
        headers: json,
        payload: later,
      });
      expect(updated.statusCode).toBe(202);
      expect(updated.json().eventId).not.toBe(first.json().eventId);

      const mentions = await svc.topics.readAll('social.mention.v1', { atLeast: 3 });
      expect(mentions.map((m) => m.key)).toEqual([
        'instagram:ana.travels',
        'instagram:ana.travels',
        'instagram:ana.travels',
      ]);
      expect(mentions[0]?.json).toMatchObject({
        eventId: first.json().eventId,
        author: { handle: 'Ana.Travels' },
        observedAt: '2025-03-14T07:10:00Z',
        mentionedHandles: ['skymiles'],
      });
      // A duplicate is recognisable downstream by its eventId.
      expect((mentions[1]?.json as { eventId: string }).eventId).toBe(first.json().eventId);
      expect((mentions[2]?.json as { engagement: unknown }).engagement).toEqual({ likes: 300, replies: 20 });

      const authors = await svc.topics.readAll('social.author.v1', { atLeast: 3 });
      expect(authors[0]?.key).toBe('instagram:ana.travels');
      expect(authors[0]?.json).toMatchObject({
        platform: 'instagram',
        handle: 'Ana.Travels',
        displayName: 'Ana Souza',
        profile: { followers: 48200 },
        observedAt: '2025-03-14T07:10:00Z',
      });
      // The author's message names its mention's event: scoring applies the author from the mention.
      expect(authors[0]?.headers).toEqual({ 'rapport-observed-with-mention': first.json().eventId });
    } finally {
      await svc.stop();
    }
  });

  test('JSON and NDJSON batches answer per record; invalid records publish nothing', async ({
    kafka,
    redis,
  }) => {
    const svc = await startSocial(kafka, redis);
    try {
      const batch = await svc.app.inject({
        method: 'POST',
        url: '/v1/social/mentions/batch',
        headers: json,
        payload: { records: [mention, { ...mention, postId: '2', language: 'English' }] },
      });
      expect(batch.statusCode, batch.body).toBe(202);
      expect(batch.json()).toMatchObject({
        accepted: 1,
        rejected: 1,
        results: [{ status: 'accepted' }, { status: 'rejected', errors: [{ path: '/language' }] }],
      });
      const nd = await svc.app.inject({
        method: 'POST',
        url: '/v1/social/mentions/batch',
        headers: { ...auth, 'content-type': 'application/x-ndjson' },
        payload: [
          JSON.stringify({ ...mention, postId: '3', author: { handle: 'bob' } }),
          JSON.stringify({ ...mention, postId: '4', author: { handle: 'bob', followers: 3 } }),
        ].join('\r\n'),
      });
      expect(nd.json()).toMatchObject({
        accepted: 1,
        rejected: 1,
        results: [
          { status: 'accepted' },
          { status: 'rejected', errors: [{ path: '/author/followers', code: 'unrecognized_keys' }] },
        ],
      });
      const single = await svc.app.inject({
        method: 'POST',
        url: '/v1/social/mentions',
        headers: json,
        payload: { ...mention, engagement: { likes: -1 } },
      });
      expect(single.statusCode).toBe(400);
      expect(single.json().errors).toEqual([
        expect.objectContaining({ path: '/engagement/likes', code: 'too_small' }),
      ]);

      const mentions = await svc.topics.readAll('social.mention.v1', { atLeast: 2 });
      expect(mentions.map((m) => m.key).sort()).toEqual(['instagram:ana.travels', 'instagram:bob']);
      expect(await svc.topics.count('social.author.v1')).toBe(2);
    } finally {
      await svc.stop();
    }
  });

  test('raw mentions are decoded; poison is dead-lettered and the next message goes through', async ({
    kafka,
    redis,
  }) => {
    const svc = await startSocial(kafka, redis);
    try {
      await svc.topics.produce('raw.social.mentions', [
        { key: 'ana', value: 'not json at all' },
        { key: 'ana', value: JSON.stringify(mention) },
      ]);
      const [event] = await svc.topics.readAll('social.mention.v1', { atLeast: 1 });
      expect(event?.key).toBe('instagram:ana.travels');
      const [dead] = await svc.topics.readAll('raw.social.mentions.dlq', { atLeast: 1 });
      const envelope = DeadLetterEnvelope.parse(dead?.json);
      expect(envelope).toMatchObject({
        reason: 'json_invalid',
        original: { topic: 'raw.social.mentions', offset: '0' },
      });
      expect(Buffer.from(envelope.original.value!, 'base64').toString()).toBe('not json at all');
    } finally {
      await svc.stop();
    }
  });

  test('the same Idempotency-Key twice yields one mention', async ({ kafka, redis }) => {
    const svc = await startSocial(kafka, redis);
    try {
      const headers = { ...json, 'idempotency-key': 'mention-1' };
      const a = await svc.app.inject({
        method: 'POST',
        url: '/v1/social/mentions',
        headers,
        payload: mention,
      });
      const b = await svc.app.inject({
        method: 'POST',
        url: '/v1/social/mentions',
        headers,
        payload: mention,
      });
      expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
      expect(b.body).toBe(a.body);
      await svc.topics.readAll('social.mention.v1', { atLeast: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await svc.topics.count('social.mention.v1')).toBe(1);
    } finally {
      await svc.stop();
    }
  });
});
