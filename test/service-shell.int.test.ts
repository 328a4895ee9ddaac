import {
  customerPriorityTopic,
  identityCustomerTopic,
  mentionPriorityTopic,
  rawCrmContactsTopic,
  rawLoyaltyMembersTopic,
  rawLoyaltyTransactionsTopic,
  rawSocialMentionsTopic,
} from '@rapport/contracts';
import { startTestService, test, type TestTopic } from '@rapport/testing';
import type { BaseConfig, ServiceDefinition } from '@rapport/service-kit';
import { describe, expect } from 'vitest';
import { ingestCrm } from '../services/ingest-crm/src/server.ts';
import { ingestLoyalty } from '../services/ingest-loyalty/src/server.ts';
import { ingestSocial } from '../services/ingest-social/src/server.ts';
import { resolutionTopics as matcherTopics } from '../services/matcher/src/consumers/decode-message.ts';
import { matcher } from '../services/matcher/src/server.ts';
import { scoring } from '../services/scoring/src/server.ts';
import { consumedTopics as scoringConsumedTopics } from '../services/scoring/src/use-cases/decode-event.ts';

// Every service, started as its server.ts starts it: live, ready once exactly its dependencies answer,
// documented under its own name and version, measured, and stopped cleanly. Services' own tests cover
// their routes and consumers.
const fleet: { definition: ServiceDefinition<BaseConfig, unknown>; checks: string[]; topics: TestTopic[] }[] =
  [
    {
      definition: matcher,
      checks: ['consumer', 'kafka', 'outbox', 'postgres', 'redis'],
      topics: [...matcherTopics, identityCustomerTopic],
    },
    {
      definition: scoring,
      checks: ['consumer', 'kafka', 'outbox', 'postgres', 'redis'],
      topics: [...scoringConsumedTopics, customerPriorityTopic, mentionPriorityTopic],
    },
    {
      definition: ingestLoyalty,
      checks: ['consumer', 'kafka', 'redis'],
      topics: [rawLoyaltyMembersTopic, rawLoyaltyTransactionsTopic],
    },
    { definition: ingestSocial, checks: ['consumer', 'kafka', 'redis'], topics: [rawSocialMentionsTopic] },
    { definition: ingestCrm, checks: ['consumer', 'kafka', 'redis'], topics: [rawCrmContactsTopic] },
  ];

describe.each(fleet)('$definition.name', ({ definition, checks, topics }) => {
  test('is live, ready with its dependencies, documented and measured', async ({ kafka, redis, db }) => {
    const svc = await startTestService(definition, { kafka, redis, db }, { topics });
    try {
      expect((await svc.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await svc.app.inject({ url: '/readyz' });
      expect(ready.statusCode, ready.body).toBe(200);
      expect(Object.keys(ready.json().checks).sort()).toEqual(checks);

      const doc = (await svc.app.inject({ url: '/docs/json' })).json();
      expect(doc.info).toMatchObject({ title: definition.name, version: definition.version });
      expect(doc.paths['/healthz']).toBeDefined();

      const metrics = await svc.app.inject({ url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('http_request_duration_seconds');
    } finally {
      await svc.stop();
    }
  });
});
