import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('createLogger', () => {
  it('puts service and version in every line and redacts PII and credentials', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ service: 'matcher', version: '2.0.0', level: 'info' }, sink);
    logger.info(
      {
        recordId: 'loyalty:42',
        email: 'jane@example.com',
        record: { phones: [{ number: '+447700900123' }], givenName: 'Jane', address: { line1: '1 High St' } },
        req: {
          headers: { authorization: 'Bearer s3cr3t-s3cr3t-s3cr3t', 'x-api-key': 'k3y-k3y-k3y-k3y-k3y' },
        },
      },
      'record received',
    );
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      service: 'matcher',
      version: '2.0.0',
      level: 'info',
      recordId: 'loyalty:42',
    });
    for (const secret of ['jane@example.com', '+447700900123', 'Jane', 'High St', 's3cr3t', 'k3y']) {
      expect(lines[0]).not.toContain(secret);
    }
  });
});
