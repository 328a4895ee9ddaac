import { z } from 'zod';

/**
 * The one canonical shape of a person as the resolution engine sees it, whatever the source.
 * Ingest events (loyalty members, CRM contacts, social authors) are projected onto it by the matcher;
 * the batch CLI maps file columns onto it. Every field but the identifiers may be missing.
 */
export const PersonSource = z
  .string()
  .min(1)
  .describe('Source system: loyalty, crm, social, or a batch file label');

export const PersonEmail = z.object({
  address: z.string().min(1),
  verified: z.boolean().optional(),
  type: z.string().optional(),
});

export const PersonPhone = z.object({
  number: z.string().min(1),
  verified: z.boolean().optional(),
  type: z.enum(['mobile', 'landline', 'work', 'home', 'other']).optional(),
});

export const PersonAddress = z.object({
  streetNumber: z.string().optional(),
  line1: z.string().optional(),
  line2: z.string().optional(),
  locality: z.string().optional(),
  region: z.string().optional(),
  postcode: z.string().optional(),
  country: z.string().optional(),
});

export const PersonHandle = z.object({
  platform: z.string().min(1),
  handle: z.string().min(1),
  /** The account owner linked this handle themselves (e.g. on their loyalty profile): deterministic evidence. */
  linkedByOwner: z.boolean().optional(),
});

export const PersonCard = z.object({
  program: z.string().min(1),
  number: z.string().min(1),
});

export const PersonRecord = z.object({
  /** Globally unique: `${source}:${sourceRecordId}`. */
  recordId: z.string().min(1),
  source: PersonSource,
  sourceRecordId: z.string().min(1),
  updatedAt: z.string().optional(),
  givenName: z.string().optional(),
  middleName: z.string().optional(),
  familyName: z.string().optional(),
  /** A display name when the source has no split (social authors). */
  fullName: z.string().optional(),
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  birthDate: z.string().optional(),
  emails: z.array(PersonEmail).default([]),
  phones: z.array(PersonPhone).default([]),
  addresses: z.array(PersonAddress).default([]),
  handles: z.array(PersonHandle).default([]),
  cards: z.array(PersonCard).default([]),
  crmIds: z.array(z.string()).default([]),
  /** A national or other strong id (only batch files such as Febrl carry one). */
  nationalId: z.string().optional(),
  /**
   * Further attributes by name (gender, occupation, birthplace, a customer's own field), compared only where a
   * model's configuration names them with a comparison kind.
   */
  attributes: z.record(z.string(), z.string()).optional(),
  /** The loyalty tier of a member record (not evidence of identity: it orders what stewards review first). */
  loyaltyTier: z.string().optional(),
});

export type PersonRecord = z.infer<typeof PersonRecord>;
export type PersonRecordInput = z.input<typeof PersonRecord>;
