import { z } from 'zod';

// The runtime's ICU list of ISO 4217 codes (Node ships full ICU). Read once: it never changes in a process.
const isoCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** True when `code` is an ISO 4217 currency code known to the runtime (case-sensitive: `EUR`, not `eur`). */
export function isIsoCurrency(code: string): boolean {
  return isoCurrencies.has(code);
}

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'must be three uppercase letters (ISO 4217)', abort: true })
  .refine(isIsoCurrency, { message: 'is not an ISO 4217 currency code' })
  .describe('ISO 4217 currency code, uppercase')
  .meta({ examples: ['EUR', 'GBP', 'USD'] });
