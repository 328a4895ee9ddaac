import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerSettings } from './logger.ts';
import { RequestLogger } from './request-logger.ts';

function capture(level: LoggerSettings['level']) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ service: 'svc', version: '1.0.0', level }, sink), lines };
}

describe('RequestLogger', () => {
  it('logs what a pino child would, bindings and redaction included', () => {
    const { logger, lines } = capture('info');
    const log = new RequestLogger(logger, { requestId: 'r-1' }, {});
    log.info({ email: 'jane@example.com', status: 202 }, 'request');
    log.debug('not at info');
    log.child({ component: 'x' }).warn('from a child');
    expect(lines).toMatchObject([
      { level: 'info', requestId: 'r-1', email: '[redacted]', status: 202, msg: 'request' },
      { level: 'warn', requestId: 'r-1', component: 'x', msg: 'from a child' },
    ]);
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain('jane@example.com');
  });

  it("follows the parent's level, or the route's own level when Fastify gives one", () => {
    const { logger, lines } = capture('warn');
    const quiet = new RequestLogger(logger, { requestId: 'r-2' }, {});
    quiet.info('below warn');
    expect(quiet.level).toBe('warn');
    logger.level = 'info';
    quiet.info('now at info');
    const silenced = new RequestLogger(logger, { requestId: 'r-3' }, { level: 'silent' });
    silenced.error('route logs nothing');
    expect(silenced.level).toBe('silent');
    const verbose = new RequestLogger(logger, { requestId: 'r-4' }, { level: 'debug' });
    verbose.debug('route logs debug');
    expect(lines.map((l) => [l.requestId, l.msg])).toEqual([
      ['r-2', 'now at info'],
      ['r-4', 'route logs debug'],
    ]);
  });
});
