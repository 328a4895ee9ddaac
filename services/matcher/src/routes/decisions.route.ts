import { DecisionBody, DecisionPairQuery, DecisionResult } from '@rapport/contracts';
import type { HttpApp } from '@rapport/service-kit';
import { decide, revoke, type StewardDeps } from '../use-cases/steward-decisions.ts';
import { ADMIN_SCOPE, problemResponses } from './problem-responses.ts';

/** `POST /v1/decisions` and `DELETE /v1/decisions?a=&b=`. */
export function decisionsRoutes(app: HttpApp, deps: StewardDeps): void {
  app.post(
    '/v1/decisions',
    {
      config: { scope: ADMIN_SCOPE },
      schema: {
        tags: ['stewardship'],
        summary: 'Rule that two records are the same person, or not',
        description:
          'Applied at once (the customers merge or split before the answer) and kept: every later resolution ' +
          'and a rebuild from the topics honour it (published on identity.decision.v1). A later ruling on the ' +
          'same pair replaces it.',
        body: DecisionBody,
        response: { 200: DecisionResult, ...problemResponses },
      },
    },
    (request) => decide(deps, request.body, request.principal!.name),
  );

  app.delete(
    '/v1/decisions',
    {
      config: { scope: ADMIN_SCOPE },
      schema: {
        tags: ['stewardship'],
        summary: 'Revoke the ruling on two records',
        description:
          'The engine re-clusters them as if the ruling had never been made. 404 when none stands.',
        querystring: DecisionPairQuery,
        response: { 200: DecisionResult, ...problemResponses },
      },
    },
    (request) => revoke(deps, request.query, request.principal!.name),
  );
}
