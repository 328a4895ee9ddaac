import type { StartedTestContainer } from 'testcontainers';
import type { EndpointName } from './endpoints.ts';
import { InfrastructureTimeout } from './errors.ts';
import { freePort } from './free-port.ts';

/**
 * Containers for when no endpoint is configured but a Docker engine answers (a developer laptop, CI with
 * Docker). Images match the pinned local versions. testcontainers' reaper removes them when the process exits.
 */
const images = {
  postgres: 'postgres:15-alpine',
  redis: 'redis:7-alpine',
  kafka: 'apache/kafka:4.1.2',
};

const started: StartedTestContainer[] = [];

export async function dockerAvailable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await withTimeout(getContainerRuntimeClient(), 10_000, 'Docker engine probe');
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      reason: error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error),
    };
  }
}

export async function startContainerFor(name: EndpointName): Promise<string> {
  switch (name) {
    case 'DATABASE_URL':
      return startPostgresContainer();
    case 'REDIS_URL':
      return startRedisContainer();
    case 'KAFKA_BROKERS':
      return startKafkaContainer();
  }
}

async function startPostgresContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(images.postgres)
    .withEnvironment({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'app', POSTGRES_DB: 'app' })
    .withCommand([
      'postgres',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ])
    .withExposedPorts(5432)
    // The image's init process starts the server twice; the second "ready" line is the real one.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
    .start();
  started.push(container);
  return `postgres://app:app@${container.getHost()}:${container.getMappedPort(5432)}/app`;
}

async function startRedisContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(images.redis)
    .withCommand(['redis-server', '--save', '', '--appendonly', 'no'])
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .start();
  started.push(container);
  return `redis://${container.getHost()}:${container.getMappedPort(6379)}`;
}

async function startKafkaContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // The broker must advertise the address clients use, so the host port is chosen before the start.
  const hostPort = await freePort();
  const container = await new GenericContainer(images.kafka)
    .withExposedPorts({ container: 9092, host: hostPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${hostPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  started.push(container);
  return `localhost:${hostPort}`;
}

/** For a globalSetup teardown; otherwise the reaper cleans up at exit. */
export async function stopContainers(): Promise<void> {
  await Promise.allSettled(started.splice(0).map((c) => c.stop()));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new InfrastructureTimeout(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}
