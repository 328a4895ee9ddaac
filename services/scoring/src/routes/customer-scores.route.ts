import { CustomerIdParams, CustomerScores, HistoryQuery, ScoreHistoryPage } from '@rapport/contracts';
import type { HttpApp } from '@rapport/service-kit';
import { getCustomerScores, getScoreHistory, type ScoreQueries } from '../use-cases/customer-scores.ts';
import { problemResponses, READ_SCOPE } from './problem-responses.ts';

/** `GET /v1/scoring/customers/{customerId}` and its `/history`. */
export function customerScoresRoutes(app: HttpApp, queries: ScoreQueries): void {
  app.get(
    '/v1/scoring/customers/:customerId',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['scores'],
        summary: "A customer's current scores with their breakdown and latest history",
        description:
          'The customer as the matcher sees it now: value (tier, RFM, CLV), influence (online, offline) and the ' +
          'urgency of their most urgent post of the last 24 hours, each component with its weight, contribution ' +
          'and reasons; the band published after hysteresis.',
        params: CustomerIdParams,
        response: { 200: CustomerScores, ...problemResponses },
      },
    },
    (request) => getCustomerScores(queries, request.params.customerId),
  );

  app.get(
    '/v1/scoring/customers/:customerId/history',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['scores'],
        summary: "Every change of a customer's score, newest first",
        params: CustomerIdParams,
        querystring: HistoryQuery,
        response: { 200: ScoreHistoryPage, ...problemResponses },
      },
    },
    (request) => getScoreHistory(queries, request.params.customerId, request.query),
  );
}
