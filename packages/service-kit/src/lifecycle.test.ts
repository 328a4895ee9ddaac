import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Lifecycle } from './lifecycle.ts';
import { createLogger } from './logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'svc', version: '1', level: 'info' }, sink) };
}

describe('Lifecycle', () => {
  it('turns readiness false before the first closer runs, then closes in reverse order', async () => {
    const { logger } = capture();
    const lifecycle = new Lifecycle({ logger });
    const order: string[] = [];
    lifecycle.onStop('pool', () => void order.push(`pool:${lifecycle.readiness.stopping}`));
    lifecycle.onStop('producer', async () => void order.push('producer'));
    lifecycle.onStop('http', async () => void order.push('http'));
    expect(await lifecycle.stop()).toEqual({ ok: true });
    expect(order).toEqual(['http', 'producer', 'pool:true']);
  });

  it('keeps closing after a failed step and reports it', async () => {
    const { logger, lines } = capture();
    const lifecycle = new Lifecycle({ logger });
    const closed: string[] = [];
    lifecycle.onStop('pool', () => void closed.push('pool'));
    lifecycle.onStop('consumer', () => Promise.reject(new Error('rebalance in progress')));
    expect(await lifecycle.stop()).toEqual({ ok: false, reason: 'failed', failed: ['consumer'] });
    expect(closed).toEqual(['pool']);
    expect(lines.find((line) => line.msg === 'shutdown step failed')).toMatchObject({
      step: 'consumer',
      level: 'error',
    });
  });

  it('gives up at the deadline naming the step that hung', async () => {
    const { logger } = capture();
    const lifecycle = new Lifecycle({ logger, deadlineMs: 50 });
    lifecycle.onStop('redis', () => new Promise(() => {}));
    expect(await lifecycle.stop()).toEqual({ ok: false, reason: 'deadline', failed: ['redis'] });
  });

  it('stops once however often it is asked', async () => {
    const { logger } = capture();
    const lifecycle = new Lifecycle({ logger });
    let runs = 0;
    lifecycle.onStop('pool', () => void runs++);
    const [a, b] = await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    expect(a).toBe(b);
    expect(runs).toBe(1);
    expect(() => lifecycle.onStop('late', () => {})).toThrow(/shutdown already started/);
  });
});
