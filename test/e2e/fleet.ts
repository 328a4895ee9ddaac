// The fleet for the product's situations: the ingest services (their REST intake), the matcher and the scoring
// service, on the test's own topics, database and Redis prefix, each as its server.ts runs it.
import { fileURLToPath } from 'node:url';
import {
  rawCrmContactsTopic,
  rawLoyaltyMembersTopic,
  rawLoyaltyTransactionsTopic,
  rawSocialMentionsTopic,
  topics as registry,
} from '@rapport/contracts';
import { migrate } from '@rapport/db';
import { vi } from 'vitest';
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
import { resolutionTopics } from '../../services/matcher/src/consumers/decode-message.ts';
import { matcher } from '../../services/matcher/src/server.ts';
import { consumedTopics } from '../../services/scoring/src/use-cases/decode-event.ts';
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
  /**
   * Waits until everything sent so far went all the way: the matcher resolved it, scoring applied every
   * customer's revision and consumed everything else, and what it published was collected.
   */
  settled(): Promise<void>;
}

const matcherMigrations = fileURLToPath(new URL('../../services/matcher/migrations', import.meta.url));

/** Runs `work` with the fleet started on the test's fixtures, and stops every service whatever happens. */
export async function withFleet(fx: Fixtures, work: (fleet: Fleet) => Promise<void>): Promise<void> {
  const scoring = await startScoring(fx);
  const started = new Map<string, TestService<BaseConfig, unknown>>();
  // The matcher's tables beside scoring's in the test's database: no table names are shared.
  await migrate(fx.db.pool, { dir: matcherMigrations, owner: 'matcher' });
  let resolver: TestService<BaseConfig, unknown> | undefined;
  const matcherGroup = `${fx.kafka.groupId}-matcher`;
  try {
    resolver = await startTestService(matcher, fx, {
      topics: [...resolutionTopics, registry.identityCustomer],
      env: { KAFKA_CLIENT_ID: matcherGroup, REDIS_KEY_PREFIX: `${fx.redis.prefix}matcher:` },
    });
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
      async settled() {
        await scoring.consumed(matcherGroup, 60_000, resolutionTopics);
        // Every customer's revision applied by scoring, read from both services' tables: the identity topic is
        // written in Kafka transactions, whose commit markers keep a consumer's committed offset short of the
        // topic's end, so offsets cannot tell.
        await vi.waitFor(
          async () => {
            const { rows } = await fx.db.pool.query<{ n: number }>(
              `select count(*)::int as n from customers c
                 left join scoring_customers s using (customer_id)
                where s.revision is distinct from c.revision`,
            );
            if (rows[0]!.n > 0) throw new Error(`${rows[0]!.n} customers not scored at their revision yet`);
          },
          { timeout: 30_000, interval: 100 },
        );
        await scoring.settled(
          undefined,
          consumedTopics.filter((t) => t !== registry.identityCustomer),
        );
      },
    });
  } finally {
    for (const service of new Set([...started.values()].reverse())) await service.stop();
    await resolver?.stop();
    await scoring.stop();
  }
}
