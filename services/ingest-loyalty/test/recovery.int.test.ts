import { startPrivateKafka, test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { auth, member, startLoyalty } from './service.ts';

// Issue 13: once Kafka is back after an outage, readiness says what the service can do and stays
// so: it used to turn ready, then answer 503 (`consumer: false`) for about 30 s while writes were
// accepted, because the outage counted as a stalled consume loop and the group waited out a session.

const json = { ...auth, 'content-type': 'application/json' };
const STALL_SECONDS = 15;

describe('ingest-loyalty after a Kafka outage', () => {
  test('is ready as soon as writes are accepted again, and stays ready', async ({ kafka, redis }) => {
    const broker = await startPrivateKafka();
    const svc = await startLoyalty({ ...kafka, brokers: broker.brokers }, redis, {
      CONSUMER_STALL_SECONDS: String(STALL_SECONDS),
      CONSUMER_SESSION_SECONDS: '6',
    });
    const readyz = async () => (await svc.app.inject({ url: '/readyz' })).statusCode;
    try {
      await broker.stop();
      // Longer than the stall window: the consume loop sees no broker all that time.
      await new Promise((resolve) => setTimeout(resolve, (STALL_SECONDS + 5) * 1000));
      expect(await readyz()).toBe(503);
      await broker.start();

      // Writes and readiness polled side by side: ready as soon as writes are accepted again...
      const started = Date.now();
      let accepted: number | undefined;
      let ready: number | undefined;
      for (let i = 0; (accepted === undefined || ready === undefined) && Date.now() - started < 90_000; i++) {
        const write = await svc.app.inject({
          method: 'POST',
          url: '/v1/loyalty/members',
          headers: json,
          payload: { ...member, memberId: `M-after-${i}` },
        });
        if (accepted === undefined && write.statusCode === 202) accepted = Date.now() - started;
        if (ready === undefined && (await readyz()) === 200) ready = Date.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(accepted, 'writes accepted again').toBeDefined();
      expect(ready, 'ready again').toBeDefined();
      expect(
        ready! - accepted!,
        `ready ${ready} ms, writes accepted ${accepted} ms after the broker came back`,
      ).toBeLessThan(3000);

      // ...and from then on, for longer than the stall window and a session, ready without a break.
      const answers: number[] = [];
      for (const until = Date.now() + (STALL_SECONDS + 10) * 1000; Date.now() < until;) {
        answers.push(await readyz());
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(answers.filter((status) => status !== 200)).toEqual([]);
    } finally {
      await svc.stop().catch(() => {});
      await broker.destroy();
    }
  }, 240_000);
});
