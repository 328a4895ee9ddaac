import {
  AuthorCandidates,
  AuthorCandidatesQuery,
  AuthorParams,
  ReviewQueuePage,
  ReviewQueueQuery,
} from '@rapport/contracts';
import type { HttpApp } from '@rapport/service-kit';
import { authorCandidates, type CandidateDeps } from '../use-cases/author-candidates.ts';
import { reviewQueue } from '../use-cases/review-queue.ts';
import { problemResponses, READ_SCOPE } from './problem-responses.ts';

/** What stewards and care agents decide on: the review queue and the candidates of a social author. */
export function reviewRoutes(app: HttpApp, deps: CandidateDeps): void {
  app.get(
    '/v1/review-queue',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['stewardship'],
        summary: 'Possible matches for a steward, most valuable decision first',
        description:
          'Pairs of records in different customers scored for review, or linked but held back by a guard, ' +
          'that no steward has ruled on; ordered by the worth of the two customers, with the explanation. ' +
          'Page with `nextCursor`.',
        querystring: ReviewQueueQuery,
        response: { 200: ReviewQueuePage, ...problemResponses },
      },
    },
    (request) => reviewQueue(deps, request.query),
  );

  app.get(
    '/v1/social-authors/:platform/:handle/candidates',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['stewardship'],
        summary: 'Who an unresolved social author may be',
        description:
          'For an author on no loyalty or CRM customer: the best candidate customers with the explanation of ' +
          'the best record of each. Confirm one with `POST /v1/decisions` (ruling same-person).',
        params: AuthorParams,
        querystring: AuthorCandidatesQuery,
        response: { 200: AuthorCandidates, ...problemResponses },
      },
    },
    (request) => authorCandidates(deps, request.params, request.query.limit),
  );
}
