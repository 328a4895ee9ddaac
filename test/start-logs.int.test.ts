import { readFileSync } from 'node:fs';
import { devFleet, FLEET, startPrivateKafka, test } from '@rapport/testing';
import { describe, expect } from 'vitest';

// Issue 13: a normal start logs no warning and no error. Every service of the fleet is started by
// `./dev.sh up`, as a developer would, right after a fresh broker started (its group coordinator
// still loading, every topic just created), and each service's log is read line by line.

interface LogLine {
  level?: string;
  msg?: string;
}

describe('a normal start of the fleet', () => {
  test('logs no warning and no error, from any service or from dev.sh itself', async ({ redis, db }) => {
    const broker = await startPrivateKafka({ warmUp: false });
    const fleet = await devFleet({
      brokers: broker.brokers,
      databaseUrl: db.url,
      redisUrl: redis.url,
      topicPrefix: '',
      redisPrefix: redis.prefix,
      env: { LOG_LEVEL: 'info' },
    });
    try {
      const up = await fleet.sh('up');
      expect(up.code, up.output).toBe(0);
      // Node's own warnings (TimeoutNegativeWarning, FSTDEP...) and any JSON line at warn or above.
      expect(up.output).not.toMatch(/Warning|"level":"(warn|error|fatal)"/);
      for (const service of FLEET) {
        const lines = readFileSync(fleet.logPath(service), 'utf8').trimEnd().split('\n');
        const noise = lines.filter((line) => {
          if (line.startsWith('=== ')) return false;
          let parsed: LogLine;
          try {
            parsed = JSON.parse(line) as LogLine;
          } catch {
            return true;
          }
          return parsed.level === 'warn' || parsed.level === 'error' || parsed.level === 'fatal';
        });
        expect(noise, service).toEqual([]);
        expect(
          lines.some((line) => line.includes('"msg":"service started"')),
          service,
        ).toBe(true);
      }
    } finally {
      await fleet.destroy();
      await broker.destroy();
    }
  }, 240_000);
});
