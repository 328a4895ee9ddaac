import { ErasureBody, ErasureResult } from '@rapport/contracts';
import { problemResponse, type HttpApp } from '@rapport/service-kit';
import { erasePerson, type ErasureDeps } from '../use-cases/erase-person.ts';
import { ADMIN_SCOPE, problemResponses } from './problem-responses.ts';

/** `POST /v1/erasures`: the right to be forgotten. */
export function erasuresRoutes(app: HttpApp, deps: ErasureDeps): void {
  app.post(
    '/v1/erasures',
    {
      config: { scope: ADMIN_SCOPE },
      schema: {
        tags: ['erasure'],
        summary: 'Erase a person: every source record and everything derived from them',
        description:
          'By customer id, or by an identifier only one customer carries. Removes the records and every row ' +
          'derived from them, deletes the cached lookups, publishes the deletion on identity.customer.v1 and ' +
          'a tombstone per record (a keyed hash, no personal data) on identity.erasure.v1, so that a replay ' +
          'of the topics does not bring the person back.',
        body: ErasureBody,
        response: {
          200: ErasureResult,
          ...problemResponses,
          409: problemResponse('Several customers carry the identifier: erase by customer id'),
        },
      },
    },
    (request) => erasePerson(deps, request.body),
  );
}
