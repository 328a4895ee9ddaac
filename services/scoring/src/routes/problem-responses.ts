import { problemResponse } from '@rapport/service-kit';

/** The problems every scoring route may answer, for the OpenAPI document (problem+json, as served). */
export const problemResponses = {
  400: problemResponse('Invalid parameters or body: `errors` points at each'),
  401: problemResponse('No API key, or an unknown one'),
  403: problemResponse('The API key lacks the scope'),
  404: problemResponse('No such customer or mention'),
  503: problemResponse('The database is unavailable: retry after Retry-After'),
} as const;

export const READ_SCOPE = 'customers:read';
/** Care desks mark mentions handled: a scope of its own, so a care key cannot load models. */
export const CARE_SCOPE = 'care:write';
export const ADMIN_SCOPE = 'customers:admin';
