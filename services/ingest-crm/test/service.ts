import { crmContactTopic, rawCrmContactsTopic } from '@rapport/contracts';
import { startTestService, TEST_API_KEY, type KafkaFixture, type RedisFixture } from '@rapport/testing';
import { ingestCrm } from '../src/server.ts';

export const auth = { 'x-api-key': TEST_API_KEY };
export const json = { ...auth, 'content-type': 'application/json' };

/** ingest-crm on this test's topic prefix, group and Redis prefix, plus a reader of its topics. */
export async function startCrm(kafka: KafkaFixture, redis: RedisFixture, env: Record<string, string> = {}) {
  return startTestService(
    ingestCrm,
    { kafka, redis },
    { topics: [crmContactTopic, rawCrmContactsTopic], env },
  );
}
export const contact = {
  crmId: '0035g00000XyZ12AAB',
  names: { given: 'Ana', family: 'Souza' },
  emails: [{ address: 'a.souza@northwind.example', type: 'work' }],
  company: 'Northwind Travel Ltd',
  decisionMaker: true,
  handles: [{ platform: 'linkedin', handle: '@ana-souza' }],
  updatedAt: '2025-03-12T16:40:00+01:00',
};
