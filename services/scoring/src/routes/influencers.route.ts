import { InfluencerPage, InfluencersQuery } from '@rapport/contracts';
import type { HttpApp } from '@rapport/service-kit';
import { listInfluencers, type InfluencerQueries } from '../use-cases/influencers.ts';
import { problemResponses, READ_SCOPE } from './problem-responses.ts';

/** `GET /v1/scoring/influencers`. */
export function influencersRoutes(app: HttpApp, queries: InfluencerQueries): void {
  app.get(
    '/v1/scoring/influencers',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['marketing'],
        summary: 'Customers flagged as influencers, with the reason (online, offline or both)',
        description:
          'Online: reach, amplification, network position among social accounts. Offline: referrals weighted by ' +
          'what the referred customers spent, a role that decides for others, network position through referrals. ' +
          'Independent of care priority.',
        querystring: InfluencersQuery,
        response: { 200: InfluencerPage, ...problemResponses },
      },
    },
    (request) => listInfluencers(queries, request.query),
  );
}
