import { Problem } from '@rapport/contracts';

/** The problems every scoring route may answer, for the OpenAPI document. */
export const problemResponses = {
  400: Problem.describe('Invalid parameters or body: `errors` points at each'),
  401: Problem.describe('No API key, or an unknown one'),
  403: Problem.describe('The API key lacks the scope'),
  404: Problem.describe('No such customer or mention'),
  503: Problem.describe('The database is unavailable: retry after Retry-After'),
} as const;

export const READ_SCOPE = 'customers:read';
/** Care desks mark mentions handled: a scope of its own, so a care key cannot load models. */
export const CARE_SCOPE = 'care:write';
export const ADMIN_SCOPE = 'customers:admin';
