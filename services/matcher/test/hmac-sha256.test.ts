import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../src/use-cases/hmac-sha256.ts';

describe('hmacSha256', () => {
  it('equals createHmac for short, block-long and long secrets and any message', () => {
    const messages = [
      '',
      'email\u001fjane.smith@example.com',
      'name-place\u001fS530|town:Zürich',
      '☃'.repeat(100),
    ];
    for (const secret of ['s', 'k'.repeat(64), 'long secret '.repeat(10), 'ünïcode-sécret'])
      for (const message of messages)
        expect(hmacSha256(secret)(message)).toBe(createHmac('sha256', secret).update(message).digest('hex'));
  });

  it('matches the RFC 4231 test case 2', () => {
    expect(hmacSha256('Jefe')('what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
