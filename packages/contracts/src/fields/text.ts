import { z } from 'zod';

/**
 * A string with at least one non-space character. Every text field uses it, so trimming during
 * normalisation can never turn a valid value into an empty one.
 */
export function nonBlank(maxLength: number) {
  return z.string().max(maxLength).regex(/\S/, { message: 'must not be blank' });
}

/** An identifier in a source system (member id, CRM id, post id, store id...). */
export const SourceId = nonBlank(200);

/** Short free text: a name, a company, a tier label. */
export const ShortText = nonBlank(300);

/** A source system label: lowercase slug, e.g. `loyalty`, `crm`, `social`, `acme-pos`. */
export const SourceLabel = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, { message: 'must be a lowercase slug such as "loyalty"' })
  .describe('Source system label, a lowercase slug');
