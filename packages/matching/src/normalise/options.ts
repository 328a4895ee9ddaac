import type { CountryCode } from 'libphonenumber-js';
import type { AttributeSpec } from './attributes.ts';

/** Per email provider: which variations of the local part still reach the same mailbox. */
export type EmailProviderRule = { ignoreDots?: boolean; stripPlusTag?: boolean; canonicalDomain?: string };

/** Per loyalty programme: how its card numbers are written and checked. */
export type CardProgramRule = { luhn?: boolean; length?: number };

/**
 * How raw values become comparable. Saved inside the model because m, u and term frequencies were
 * measured on values normalised this way; an engine config may override it for a deployment.
 */
export type NormaliseOptions = {
  /** ISO 3166 region used to read phone numbers written without a country code. */
  defaultRegion: CountryCode;
  /** Strip `+tag` from every address unless a provider rule says otherwise. */
  stripPlusTags: boolean;
  emailProviders: Record<string, EmailProviderRule>;
  cardPrograms: Record<string, CardProgramRule>;
  /** Case-sensitive handle platforms (most platforms ignore case). */
  caseSensitiveHandlePlatforms: string[];
  /** Placeholder values that say nothing about a person: never block on them, never count them as evidence. */
  junk: { emails: string[]; phones: string[]; cards: string[]; names: string[] };
  /**
   * Month-days (MMDD) a file writes for an unknown day (often 0101): such dates count as their year only.
   * Found by training from their frequency (see placeholderMonthDays) unless given.
   */
  placeholderMonthDays?: string[];
  /** Extra attributes (PersonRecord.attributes) read and compared, each by its kind; in model order. */
  attributes?: AttributeSpec[];
};

export const DEFAULT_NORMALISE: NormaliseOptions = {
  defaultRegion: 'AU',
  stripPlusTags: true,
  emailProviders: {
    'gmail.com': { ignoreDots: true, stripPlusTag: true },
    'googlemail.com': { ignoreDots: true, stripPlusTag: true, canonicalDomain: 'gmail.com' },
  },
  cardPrograms: {},
  caseSensitiveHandlePlatforms: [],
  junk: {
    emails: [
      'test@test.com',
      'noemail@noemail.com',
      'none@none.com',
      'no@email.com',
      'a@a.com',
      'example@example.com',
      'na@na.com',
      'no@no.com',
      'noreply@noreply.com',
    ],
    phones: ['0000000000', '1111111111', '1234567890', '9999999999', '0123456789'],
    cards: ['0000000000000000'],
    names: ['unknown', 'test', 'na', 'n a', 'none', 'customer', 'guest'],
  },
};

export function mergeNormalise(
  base: NormaliseOptions,
  over: Partial<NormaliseOptions> | undefined,
): NormaliseOptions {
  if (over === undefined) return base;
  return { ...base, ...over, junk: { ...base.junk, ...over.junk } };
}
