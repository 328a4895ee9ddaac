import { Problem } from '@rapport/contracts';

export const READ_SCOPE = 'customers:read';
/** Steward decisions and erasures change customers: a scope of their own. */
export const ADMIN_SCOPE = 'customers:admin';

/** The problems every matcher route may answer, for the OpenAPI document. */
export const problemResponses = {
  400: Problem.describe('Invalid parameters or body: `errors` points at each'),
  401: Problem.describe('No API key, or an unknown one'),
  403: Problem.describe('The API key lacks the scope'),
  404: Problem.describe('No such customer, record, identifier or decision'),
  503: Problem.describe('Postgres is unavailable: retry after Retry-After'),
} as const;
