import { z } from 'zod';
import { nonBlank, ShortText, SourceId } from './text.ts';
import { IsoDateTime } from './time.ts';

/**
 * Building blocks shared by the loyalty, CRM and social records. Field names follow
 * `PersonRecord` (person-record.ts) so the matcher's projection stays a rename-free copy.
 */

export const PersonNames = z
  .object({
    given: ShortText.optional(),
    middle: ShortText.optional(),
    family: ShortText.optional(),
  })
  .describe('Name parts as the source holds them; any may be missing');

export const PostalAddress = z
  .object({
    streetNumber: nonBlank(50).optional(),
    line1: ShortText.optional(),
    line2: ShortText.optional(),
    locality: ShortText.optional().describe('City or town'),
    region: ShortText.optional().describe('State, county or province'),
    postcode: nonBlank(20).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as "GB"' })
      .optional()
      .describe('ISO 3166-1 alpha-2 country code'),
  })
  .describe('Postal address; any part may be missing');

/** A social platform name: lowercase slug such as `x`, `instagram`, `tiktok`, `bluesky`. */
export const Platform = z
  .string()
  .regex(/^[a-z][a-z0-9.-]{0,39}$/, { message: 'must be a lowercase platform slug such as "instagram"' })
  .describe('Social platform, lowercase slug')
  .meta({ examples: ['x', 'instagram', 'tiktok'] });

/** A handle as shown on the platform, without a leading `@` (normalisation strips one). */
export const Handle = nonBlank(100).describe('Handle without a leading @, case as shown on the platform');

export const SocialHandle = z.object({
  platform: Platform,
  handle: Handle,
});

export const LoyaltyCard = z.object({
  program: SourceId.describe('Loyalty program id'),
  number: SourceId.describe('Card number as printed'),
});

/**
 * Consent as the source recorded it. Absent means unknown, which is not the same as `false`:
 * profiling an unknown must be treated as not consented.
 */
export const Consent = z
  .object({
    email: z.boolean().optional(),
    sms: z.boolean().optional(),
    phone: z.boolean().optional(),
    post: z.boolean().optional(),
    profiling: z.boolean().optional().describe('Use of the data for matching and scoring'),
    thirdParty: z.boolean().optional(),
    updatedAt: IsoDateTime.optional(),
  })
  .describe('Consent flags; absent means unknown');
