import { describe, expect, it } from 'vitest';
import { isLuhnValid, luhnCheckDigit } from './luhn.ts';

describe('luhn', () => {
  it('computes the check digit of known numbers', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('4539578763621486')).toBe(true);
  });
  it('rejects a single mistyped or transposed digit', () => {
    expect(isLuhnValid('79927398714')).toBe(false);
    expect(isLuhnValid('79927389713')).toBe(false);
    expect(isLuhnValid('abc')).toBe(false);
  });
});
