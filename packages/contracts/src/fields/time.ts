import { z } from 'zod';

/** An ISO 8601 instant with `Z` or an explicit offset; normalisation rewrites it to UTC (`...Z`). */
export const IsoDateTime = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 date-time with Z or an offset, e.g. 2025-03-14T09:26:53Z')
  .meta({ examples: ['2025-03-14T09:26:53Z'] });

/** A possibly partial calendar date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (sources often know only the year). */
export const PartialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, {
    message: 'must be YYYY-MM-DD, YYYY-MM or YYYY',
  })
  .describe('Calendar date, possibly partial: YYYY-MM-DD, YYYY-MM or YYYY');
