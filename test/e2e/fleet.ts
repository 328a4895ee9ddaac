// The fleet for the product's situations: the ingest services (their REST intake), the scoring service, on
// the test's own topics, database and Redis prefix, each as its server.ts runs it.
import {
  identityCustomerTopic,
  rawCrmContactsTopic,
  rawLoyaltyMembersTopic,
  rawLoyaltyTransactionsTopic,
  rawSocialMentionsTopic,
  type IdentityChangeEvent,
} from '@rapport/contracts';
import type { BaseConfig, ServiceDefinition } from '@rapport/service-kit';
import {
  startTestService,
  TEST_API_KEY,
  type DbFixture,
  type KafkaFixture,
  type RedisFixture,
  type TestService,
  type TestTopic,
} from '@rapport/testing';
import { ingestCrm } from '../../services/ingest-crm/src/server.ts';
import { ingestLoyalty } from '../../services/ingest-loyalty/src/server.ts';
import { ingestSocial } from '../../services/ingest-social/src/server.ts';
import { startScoring, type Scoring } from '../../services/scoring/test/scoring-service.ts';

type Fixtures = { kafka: KafkaFixture; redis: RedisFixture; db: DbFixture };

// The ingest services, the raw topics each consumes (scoring creates the canonical ones) and their intake paths.
const ingest: { definition: ServiceDefinition<BaseConfig, unknown>; topics: TestTopic[]; paths: string[] }[] =
  [
    {
      definition: ingestLoyalty,
      topics: [rawLoyaltyMembersTopic, rawLoyaltyTransactionsTopic],
      paths: ['/v1/loyalty/members', '/v1/loyalty/transactions'],
    },
    { definition: ingestCrm, topics: [rawCrmContactsTopic], paths: ['/v1/crm/contacts'] },
    { definition: ingestSocial, topics: [rawSocialMentionsTopic], paths: ['/v1/social/mentions'] },
  ];
export type IntakePath =
  '/v1/loyalty/members' | '/v1/loyalty/transactions' | '/v1/crm/contacts' | '/v1/social/mentions';

// An event's envelope, which its ingest service adds to the record it is sent.
const ENVELOPE = new Set(['eventId', 'schemaVersion', 'source', 'change']);
const bodyOf = (event: object) => Object.fromEntries(Object.entries(event).filter(([k]) => !ENVELOPE.has(k)));

export interface Fleet {
  scoring: Scoring;
  /**
   * Sends the records of `events` (built with the contracts' builders) to their ingest service's batch
   * intake, as a source system does; resolves when every one was accepted (durably on its topic).
   */
  send(path: IntakePath, events: readonly object[]): Promise<void>;
  /** The matcher's snapshots of customers, as it publishes them on identity.customer.v1. */
  resolve(events: readonly IdentityChangeEvent[]): Promise<void>;
}

/** Runs `work` with the fleet started on the test's fixtures, and stops every service whatever happens. */
export async function withFleet(fx: Fixtures, work: (fleet: Fleet) => Promise<void>): Promise<void> {
  const scoring = await startScoring(fx);
  const started = new Map<string, TestService<BaseConfig, unknown>>();
  try {
    for (const { definition, topics, paths } of ingest) {
      const service = await startTestService(
        definition,
        { kafka: fx.kafka, redis: fx.redis },
        {
          topics,
          // Every service in its own consumer group and Redis namespace, as in the deployed fleet.
          env: {
            KAFKA_CLIENT_ID: `${fx.kafka.groupId}-${definition.name}`,
            REDIS_KEY_PREFIX: `${fx.redis.prefix}${definition.name}:`,
          },
        },
      );
      for (const path of paths) started.set(path, service);
    }
    await work({
      scoring,
      async send(path, events) {
        const service = started.get(path)!;
        for (let i = 0; i < events.length; i += 500) {
          const answer = await service.app.inject({
            method: 'POST',
            url: `${path}/batch`,
            headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
            payload: { records: events.slice(i, i + 500).map(bodyOf) },
          });
          if (answer.statusCode !== 202)
            throw new Error(`${path}/batch: ${answer.statusCode} ${answer.body}`);
        }
      },
      resolve: (events) => scoring.produce(identityCustomerTopic, events),
    });
  } finally {
    for (const service of new Set([...started.values()].reverse())) await service.stop();
    await scoring.stop();
  }
}
