import { z } from 'zod';

// The runtime's ICU list of ISO 4217 codes (Node ships full ICU), current and historic. Read once:
// it never changes in a process. Published as the schema's enum, so a client or a fuzzer reading the
// document knows exactly which codes the server takes (a bare three-letter pattern would promise AAA).
const isoCurrencies = Intl.supportedValuesOf('currency') as [string, ...string[]];
const isoCurrencySet: ReadonlySet<string> = new Set(isoCurrencies);

/** True when `code` is an ISO 4217 currency code known to the runtime (case-sensitive: `EUR`, not `eur`). */
export function isIsoCurrency(code: string): boolean {
  return isoCurrencySet.has(code);
}

export const CurrencyCode = z
  .enum(isoCurrencies, {
    error: (issue) =>
      typeof issue.input === 'string' && /^[A-Z]{3}$/.test(issue.input)
        ? 'is not an ISO 4217 currency code'
        : 'must be three uppercase letters (ISO 4217)',
  })
  .describe('ISO 4217 currency code, uppercase')
  .meta({ examples: ['EUR', 'GBP', 'USD'] });
