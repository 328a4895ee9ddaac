import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { Readiness } from './readiness.ts';

// Readiness logs what changes, at the level it deserves: a probe every few seconds must neither
// flood the log during an outage nor make a normal start look like a failure.

function readinessWithLog() {
  const lines: { level: string; msg: string; check?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  const logger = createLogger({ service: 'test', version: '1', level: 'debug' }, sink);
  return { readiness: new Readiness({ logger }), lines };
}

describe('readiness logging', () => {
  it('a check not passed yet since start is debug; a failure after it passed is one warning; recovery is info', async () => {
    const { readiness, lines } = readinessWithLog();
    let up = false;
    readiness.register('consumer', async () => {
      if (!up) throw new Error('not in its consumer group yet');
    });
    await readiness.evaluate();
    await readiness.evaluate();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['debug', 'readiness check failed (not ready yet since start)'],
    ]);

    up = true;
    await readiness.evaluate();
    up = false;
    for (let i = 0; i < 5; i++) await readiness.evaluate();
    up = true;
    await readiness.evaluate();
    await readiness.evaluate();
    expect(lines.slice(1).map((l) => [l.level, l.msg, l.check])).toEqual([
      ['warn', 'readiness check failed', 'consumer'],
      ['info', 'readiness check recovered', 'consumer'],
    ]);
  });
});
