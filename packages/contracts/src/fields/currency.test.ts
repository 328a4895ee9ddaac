import { describe, expect, it } from 'vitest';
import { CurrencyCode, isIsoCurrency } from './currency.ts';

describe('CurrencyCode', () => {
  it.each(['EUR', 'GBP', 'USD', 'JPY', 'BRL'])('accepts %s', (code) => {
    expect(CurrencyCode.safeParse(code).success).toBe(true);
  });

  it.each([
    ['eur', 'must be three uppercase letters (ISO 4217)'],
    ['EURO', 'must be three uppercase letters (ISO 4217)'],
    ['E1R', 'must be three uppercase letters (ISO 4217)'],
    ['ABC', 'is not an ISO 4217 currency code'],
    ['XYZ', 'is not an ISO 4217 currency code'],
  ])('rejects %s with one clear message', (code, message) => {
    const result = CurrencyCode.safeParse(code);
    expect(result.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it('rejects non-strings', () => {
    expect(CurrencyCode.safeParse(978).success).toBe(false);
    expect(isIsoCurrency('usd')).toBe(false);
  });
});
