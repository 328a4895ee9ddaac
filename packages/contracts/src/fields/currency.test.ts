import { describe, expect, it } from 'vitest';
import { z } from 'zod';
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

describe('CurrencyCode in JSON Schema', () => {
  it('publishes the codes the server takes as an enum, not a looser pattern', () => {
    const schema = z.toJSONSchema(CurrencyCode) as { enum?: string[]; pattern?: string };
    expect(schema.pattern).toBeUndefined();
    expect(schema.enum).toEqual(expect.arrayContaining(['EUR', 'GBP', 'USD', 'JPY']));
    expect(schema.enum).not.toContain('AAA');
    for (const code of schema.enum ?? []) expect(CurrencyCode.safeParse(code).success, code).toBe(true);
  });
});
