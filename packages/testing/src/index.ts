export {
  test,
  createTestDatabase,
  uniqueId,
  type DbFixture,
  type RedisFixture,
  type KafkaFixture,
  type InfraFixtures,
} from './fixtures.ts';
export { withDatabase } from './database-url.ts';
export { endpoint, databaseUrl, redisUrl, kafkaBrokers, type EndpointName } from './endpoints.ts';
export {
  InfrastructureTimeout,
  MissingInfrastructure,
  PrivateServerFailed,
  ServiceStopFailed,
} from './errors.ts';
export { createTestTopics, warmUpKafka, deleteTopicsWithPrefix, type TestTopic } from './kafka-admin.ts';
export {
  startTestService,
  testServiceEnv,
  TEST_API_KEY,
  TEST_API_KEYS,
  type ServiceFixtures,
  type TestService,
  type TestServiceOptions,
} from './service-harness.ts';
export { startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';
export { startPrivateKafka, type PrivateKafka } from './private-kafka.ts';
export { freePort, freePorts } from './free-port.ts';
export { topicReader, type TopicMessage, type TopicReader } from './topic-reader.ts';
export { devFleet, FLEET, killAndRestart, repoRoot, timeUp } from './fleet.ts';
export type { DevFleet, DevFleetOptions, FleetService, RestartFigures } from './fleet.ts';
export { readCommitted } from './committed-reader.ts';
