// What the child-process consumers of the crash tests share: their settings come in the environment.
import { createKafka, silentLogger, type RapportKafka } from '../src/index.ts';

export const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} missing`);
  return value;
};

export const childKafka = (clientId: string): RapportKafka =>
  createKafka({
    brokers: env('KAFKA_BROKERS'),
    clientId,
    topicPrefix: env('TOPIC_PREFIX'),
    logger: silentLogger,
  });

/** Short session and heartbeats: the parent's next member joins soon after this one is killed. */
export const childConsumer = {
  groupId: env('GROUP_ID'),
  topics: [env('TOPIC')],
  maxWaitTimeInMs: 100,
  sessionTimeoutMs: 6000,
  heartbeatIntervalMs: 500,
};
