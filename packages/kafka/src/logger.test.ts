import { logLevel, type LogEntry } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkajsLogCreator, type Logger } from './logger.ts';

function capture(): { logger: Logger; lines: [string, string | undefined][] } {
  const lines: [string, string | undefined][] = [];
  const at = (level: string) => (_obj: object, msg?: string) => lines.push([level, msg]);
  return { logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') }, lines };
}

function entry(namespace: string, level: logLevel, message: string): LogEntry {
  return { namespace, level, label: 'ERROR', log: { message, timestamp: 't', logger: 'kafkajs' } };
}

describe('kafkajsLogCreator', () => {
  it('logs what kafkajs retries by itself at debug, and the rest at its own level', () => {
    const { logger, lines } = capture();
    const log = kafkajsLogCreator(logger)(logLevel.DEBUG);
    log(entry('Connection', logLevel.ERROR, 'Connection error: write after end'));
    log(entry('Connection', logLevel.ERROR, 'Response JoinGroup(key: 11, version: 5)'));
    log(entry('Consumer', logLevel.ERROR, 'Crash: KafkaJSGroupCoordinatorNotFound'));
    log(entry('RequestQueue', logLevel.WARN, 'Response without match'));
    log(entry('Connection', logLevel.ERROR, 'Connection timeout'));
    log(entry('Producer', logLevel.WARN, 'Failed to send messages'));
    log(entry('Runner', logLevel.WARN, 'The group is rebalancing, re-joining'));
    expect(lines).toEqual([
      ['debug', 'Connection error: write after end'],
      ['debug', 'Response JoinGroup(key: 11, version: 5)'],
      ['debug', 'Crash: KafkaJSGroupCoordinatorNotFound'],
      ['debug', 'Response without match'],
      ['error', 'Connection timeout'],
      ['warn', 'Failed to send messages'],
      ['info', 'The group is rebalancing, re-joining'],
    ]);
  });
});
