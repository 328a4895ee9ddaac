import { DeadLetterEnvelope, originalMessage } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { member, startLoyalty, transaction } from './service.ts';

describe('ingest-loyalty raw topics', () => {
  test('decodes raw members and transactions; poison goes to the dead-letter topic and the next message through', async ({
    kafka,
    redis,
  }) => {
    const svc = await startLoyalty(kafka, redis);
    try {
      // One key, so one partition: the good record after the poison shows the partition did not stall.
      await svc.topics.produce('raw.loyalty.members', [
        { key: 'M-100234', value: JSON.stringify(member) },
        { key: 'M-100234', value: '{"memberId": "M-100234", "program": ' },
        { key: 'M-100234', value: JSON.stringify({ ...member, updatedAt: 'yesterday', tier: 7 }) },
        { key: 'M-100234', value: JSON.stringify({ ...member, updatedAt: '2025-03-15T00:00:00Z' }) },
      ]);
      await svc.topics.produce('raw.loyalty.transactions', [
        { key: 'M-100234', value: JSON.stringify({ ...transaction, amount: '12.50' }) },
      ]);

      const members = await svc.topics.readAll('loyalty.member.v1', { atLeast: 2 });
      expect(members.map((m) => [m.key, (m.json as { updatedAt: string }).updatedAt])).toEqual([
        ['skymiles:M-100234', '2025-03-14T09:26:53Z'],
        ['skymiles:M-100234', '2025-03-15T00:00:00Z'],
      ]);
      const [tx] = await svc.topics.readAll('loyalty.transaction.v1', { atLeast: 1 });
      expect(tx?.key).toBe('skymiles:M-100234');
      expect(tx?.json).toMatchObject({ amount: '12.50', source: 'loyalty' });

      const dead = await svc.topics.readAll('raw.loyalty.members.dlq', { atLeast: 2 });
      const envelopes = dead.map((d) => DeadLetterEnvelope.parse(d.json));
      expect(envelopes.map((e) => [e.reason, e.original.offset])).toEqual([
        ['json_invalid', '1'],
        ['schema_invalid', '2'],
      ]);
      const [poison, invalid] = envelopes;
      expect(originalMessage(poison!).value?.toString()).toBe('{"memberId": "M-100234", "program": ');
      expect(poison!.original).toMatchObject({
        topic: 'raw.loyalty.members',
        partition: dead[0]!.key === null ? 0 : expect.any(Number),
      });
      expect(poison!.service).toBe(kafka.groupId);
      expect(invalid!.error.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: '/updatedAt' }),
          expect.objectContaining({ path: '/tier', code: 'invalid_type' }),
        ]),
      );
      // The error never carries the record's values.
      expect(JSON.stringify(invalid!.error)).not.toContain('ana.souza');
      expect(await svc.topics.count('raw.loyalty.transactions.dlq')).toBe(0);
    } finally {
      await svc.stop();
    }
  });
});
