import type { KafkaFixture } from '@rapport/testing';
import { createKafka, type Logger, type RapportKafka } from '../src/index.ts';

export interface LogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  obj: object;
  msg: string | undefined;
}

/** Records every log line so tests can count outcomes and check no message value leaks into logs. */
export function recordingLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj, msg });
    };
  return {
    entries,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    text: () => JSON.stringify(entries),
  };
}

export function kafkaFor(fixture: KafkaFixture, logger: Logger): RapportKafka {
  return createKafka({
    brokers: fixture.brokers,
    clientId: 'kafka-int-test',
    topicPrefix: fixture.topicPrefix,
    logger,
  });
}
