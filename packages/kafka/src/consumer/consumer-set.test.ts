import { describe, expect, test } from 'vitest';
import { startConsumers } from './consumer-set.ts';
import type { RunningConsumer } from './run-consumer.ts';

function member(log: string[], name: string, at: number): RunningConsumer {
  return {
    stop: async () => void log.push(`stop ${name}`),
    lastActivityAt: () => at,
  };
}

describe('startConsumers', () => {
  test('starts the members in turn and reports the stalest one', async () => {
    const log: string[] = [];
    const set = await startConsumers(3, async (i) => {
      log.push(`start ${i}`);
      return member(log, String(i), 100 - i);
    });
    expect(log).toEqual(['start 0', 'start 1', 'start 2']);
    expect(set.members).toHaveLength(3);
    expect(set.lastActivityAt()).toBe(98);
    await set.stop();
    expect(log.slice(3).sort()).toEqual(['stop 0', 'stop 1', 'stop 2']);
  });

  test('a member that fails to start stops those already running and fails the start', async () => {
    const log: string[] = [];
    const failed = startConsumers(3, async (i) => {
      if (i === 2) throw new Error('broker gone');
      return member(log, String(i), 0);
    });
    await expect(failed).rejects.toThrow('broker gone');
    expect(log.sort()).toEqual(['stop 0', 'stop 1']);
  });
});
