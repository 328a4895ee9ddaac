import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash64, numberArray, rememberedHash64 } from '../src/adapters/key-hash.ts';

// The stored form: the first 8 bytes of the MD5 digest as a signed 64-bit integer in decimal. Stored keys
// and values were written under it, so every implementation of hash64 must give exactly this.
const reference = (s: string): string =>
  BigInt.asIntN(64, BigInt(`0x${createHash('md5').update(s).digest('hex').slice(0, 16)}`)).toString();

describe('hash64', () => {
  it('is the first 8 bytes of MD5 as a signed 64-bit integer', () => {
    // md5('') = d41d8cd98f00b204..., md5('a') = 0cc175b9c0f1b6a8...: a negative and a positive number.
    expect(hash64('')).toBe(BigInt.asIntN(64, 0xd41d8cd98f00b204n).toString());
    expect(hash64('')).toMatch(/^-/);
    expect(hash64('a')).toBe(0x0cc175b9c0f1b6a8n.toString());
  });

  it('matches the stored form for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => hash64(s) === reference(s)));
  });

  it('remembers without changing the answer', () => {
    const remembered = rememberedHash64();
    for (const s of ['k1', 'k2', 'k1']) expect(remembered(s)).toBe(hash64(s));
  });
});

describe('numberArray', () => {
  it('writes an integer array literal', () => {
    expect(numberArray(['-1', 2, '30'])).toBe('{-1,2,30}');
    expect(numberArray([])).toBe('{}');
  });
});
