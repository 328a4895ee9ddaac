import { startPrivateKafka, test } from '@rapport/testing';
import { describe, expect, vi } from 'vitest';
import { auth, member, startLoyalty } from './service.ts';

const json = { ...auth, 'content-type': 'application/json' };

describe('ingest-loyalty during a Kafka outage', () => {
  test('answers 503 with Retry-After, turns unready, writes nothing; succeeds once Kafka is back', async ({
    kafka,
    redis,
  }) => {
    const broker = await startPrivateKafka();
    const svc = await startLoyalty({ ...kafka, brokers: broker.brokers }, redis);
    try {
      const post = (payload: object, key?: string) =>
        svc.app.inject({
          method: 'POST',
          url: '/v1/loyalty/members/batch',
          headers: key ? { ...json, 'idempotency-key': key } : json,
          payload,
        });
      const before = await post({ records: [member] });
      expect(before.statusCode, before.body).toBe(202);

      await broker.stop();
      const batch = {
        records: [
          { ...member, memberId: 'M-2' },
          { ...member, memberId: 'M-3' },
        ],
      };
      const started = Date.now();
      const during = await post(batch, 'outage-1');
      // The client is told promptly rather than left hanging on the broker's retries.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(during.statusCode, during.body).toBe(503);
      expect(Number(during.headers['retry-after'])).toBeGreaterThan(0);
      expect(during.json()).toMatchObject({ status: 503, type: 'urn:rapport:problem:kafka-unavailable' });
      const single = await svc.app.inject({
        method: 'POST',
        url: '/v1/loyalty/members',
        headers: json,
        payload: member,
      });
      expect(single.statusCode).toBe(503);
      const ready = await svc.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.kafka.ok).toBe(false);

      await broker.start();
      await vi.waitFor(async () => expect((await svc.app.inject({ url: '/readyz' })).statusCode).toBe(200), {
        timeout: 60_000,
        interval: 500,
      });
      // The same request with the same key runs again (a 503 is never remembered) and is stored once.
      let after = await post(batch, 'outage-1');
      for (let i = 0; i < 20 && after.statusCode === 503; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        after = await post(batch, 'outage-1');
      }
      expect(after.statusCode, after.body).toBe(202);
      expect(after.json()).toMatchObject({ accepted: 2, rejected: 0 });
      const replay = await post(batch, 'outage-1');
      expect(replay.body).toBe(after.body);

      const events = await svc.topics.readAll('loyalty.member.v1', { atLeast: 3 });
      expect(events.map((e) => e.key).sort()).toEqual(['skymiles:M-100234', 'skymiles:M-2', 'skymiles:M-3']);
    } finally {
      await svc.stop().catch(() => {});
      await broker.destroy();
    }
  }, 240_000);
});
