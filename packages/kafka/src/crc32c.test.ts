import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// kafkajs' CRC-32C of each record batch, as patched (patches/kafkajs@2.2.4.patch) to run natively, and the
// JavaScript table it used before.
const require = createRequire(import.meta.url);
const crc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as ((b: Buffer) => number) & {
  native: boolean;
};
const tableCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (b: Buffer) => number;

describe('kafkajs record batch CRC-32C', () => {
  it('is the native one (a failed load would silently fall back to the slow table)', () => {
    expect(crc32c.native).toBe(true);
  });

  it('gives the standard check value', () => {
    // CRC-32C (Castagnoli) of "123456789" (RFC 3720, appendix B.4's check value).
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('equals the table implementation on any bytes, as an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(crc32c(buffer)).toBe(tableCrc32c(buffer));
      }),
    );
  });
});
