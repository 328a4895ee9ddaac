import {
  loyaltyMemberTopic,
  loyaltyTransactionTopic,
  rawLoyaltyMembersTopic,
  rawLoyaltyTransactionsTopic,
} from '@rapport/contracts';
import { startTestService, TEST_API_KEY, type KafkaFixture, type RedisFixture } from '@rapport/testing';
import { ingestLoyalty } from '../src/server.ts';

export const loyaltyTopics = [
  loyaltyMemberTopic,
  loyaltyTransactionTopic,
  rawLoyaltyMembersTopic,
  rawLoyaltyTransactionsTopic,
];

export const auth = { 'x-api-key': TEST_API_KEY };

/** ingest-loyalty on this test's topic prefix, group and Redis prefix, plus a reader of its topics. */
export async function startLoyalty(
  kafka: KafkaFixture,
  redis: RedisFixture,
  env: Record<string, string> = {},
) {
  return startTestService(ingestLoyalty, { kafka, redis }, { topics: loyaltyTopics, env });
}
export const member = {
  memberId: 'M-100234',
  program: 'skymiles',
  cardNumbers: ['6007 1234 5678'],
  names: { given: ' Ana ', family: 'Souza' },
  email: 'ana.souza@example.com',
  handles: [{ platform: 'instagram', handle: '@ana.travels' }],
  updatedAt: '2025-03-14T10:26:53+01:00',
};

export const transaction = {
  transactionId: 'T-2025-000981',
  program: 'skymiles',
  memberId: 'M-100234',
  channel: 'store',
  kind: 'purchase',
  amount: 84.2,
  currency: 'GBP',
  occurredAt: '2025-03-14T09:26:53Z',
};
