import { problemResponse } from '@rapport/service-kit';

export const READ_SCOPE = 'customers:read';
/** Steward decisions and erasures change customers: a scope of their own. */
export const ADMIN_SCOPE = 'customers:admin';

/** The problems every matcher route may answer, for the OpenAPI document (problem+json, as served). */
export const problemResponses = {
  400: problemResponse('Invalid parameters or body: `errors` points at each'),
  401: problemResponse('No API key, or an unknown one'),
  403: problemResponse('The API key lacks the scope'),
  404: problemResponse('No such customer, record, identifier or decision'),
  503: problemResponse('Postgres is unavailable: retry after Retry-After'),
} as const;
