// Bad input: a message scoring cannot read goes to its topic's dead-letter topic with the reason, never
// the values, while the messages after it are scored.
import {
  deadLetterHeaders,
  DeadLetterEnvelope,
  loyaltyTransactionTopic,
  socialMentionTopic,
} from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { mention, purchases } from './events.ts';
import { withScoring } from './scoring-service.ts';

describe('bad events', () => {
  test('go to the dead-letter topic with the reason; the next ones are scored', async ({
    kafka,
    redis,
    db,
  }) => {
    await withScoring({ kafka, redis, db }, async (s) => {
      const valid = mention('afterwards', 'ok-1');
      const { currency: _dropped, ...noCurrency } = purchases({ memberId: 'M-9' }, 1, 1, '10.00')[0]!;
      const tooLarge = { ...purchases({ memberId: 'M-9' }, 1, 1, '1.00')[0]!, amount: '999999999999999.99' };
      await s.svc.topics.produce(socialMentionTopic.name, [
        { key: 'x:someone', value: '{"not json' },
        {
          key: 'x:someone',
          value: JSON.stringify({ ...mention('someone', 'bad-1'), occurredAt: 'yesterday' }),
        },
        { key: socialMentionTopic.key(valid), value: JSON.stringify(valid) },
      ]);
      await s.svc.topics.produce(loyaltyTransactionTopic.name, [
        { key: 'acme:M-9', value: JSON.stringify(noCurrency) },
        { key: 'acme:M-9', value: JSON.stringify(tooLarge) },
        { key: 'acme:M-9', value: null },
      ]);

      const scored = await s.outputs.until((o) => o.mentions.find((m) => m.mention.postId === 'ok-1'));
      expect(scored.customer).toBeNull();

      const mentionLetters = await s.svc.topics.readAll(`${socialMentionTopic.name}.dlq`, { atLeast: 2 });
      const transactionLetters = await s.svc.topics.readAll(`${loyaltyTransactionTopic.name}.dlq`, {
        atLeast: 3,
      });
      const reasons = (letters: typeof mentionLetters) =>
        letters.map((l) => [l.headers[deadLetterHeaders.reason], DeadLetterEnvelope.parse(l.json)]);
      const [notJson, badTime] = reasons(mentionLetters);
      expect(notJson![0]).toBe('json_invalid');
      expect(badTime![0]).toBe('schema_invalid');
      const badTimeEnvelope = badTime![1] as DeadLetterEnvelope;
      expect(badTimeEnvelope.error.details).toEqual([expect.objectContaining({ path: '/occurredAt' })]);
      // The envelope keeps the original bytes for a replay after a fix; its error never quotes them.
      expect(Buffer.from(badTimeEnvelope.original.value!, 'base64').toString()).toContain('yesterday');
      expect(JSON.stringify(badTimeEnvelope.error)).not.toContain('yesterday');
      expect(reasons(transactionLetters).map(([reason]) => reason)).toEqual([
        'schema_invalid',
        'schema_invalid',
        'empty_value',
      ]);
      const noCurrencyEnvelope = reasons(transactionLetters)[0]![1] as DeadLetterEnvelope;
      expect(noCurrencyEnvelope.error.details).toEqual([expect.objectContaining({ path: '/currency' })]);
      expect((reasons(transactionLetters)[1]![1] as DeadLetterEnvelope).error.message).toMatch(/too large/);
    });
  });
});
