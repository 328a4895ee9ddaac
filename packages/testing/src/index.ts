export {
  test,
  createTestDatabase,
  withDatabase,
  uniqueId,
  type DbFixture,
  type RedisFixture,
  type KafkaFixture,
  type InfraFixtures,
} from './fixtures.ts';
export {
  endpoint,
  databaseUrl,
  redisUrl,
  kafkaBrokers,
  MissingInfrastructure,
  type EndpointName,
} from './endpoints.ts';
export { warmUpKafka, deleteTopicsWithPrefix } from './kafka-admin.ts';
export { startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';
export { startPrivateKafka, type PrivateKafka } from './private-kafka.ts';
export { freePort } from './free-port.ts';
export { topicReader, type TopicMessage, type TopicReader } from './topic-reader.ts';
