import {
  CareQueueItem,
  CareQueuePage,
  CareQueueQuery,
  MarkHandledBody,
  MentionIdParams,
} from '@rapport/contracts';
import type { HttpApp } from '@rapport/service-kit';
import { listCareQueue, markHandled, type CareQueueQueries } from '../use-cases/care-queue.ts';
import { CARE_SCOPE, problemResponses, READ_SCOPE } from './problem-responses.ts';

/** `GET /v1/scoring/care-queue` and `POST /v1/scoring/care-queue/{mentionId}/handled`. */
export function careQueueRoutes(app: HttpApp, queries: CareQueueQueries, now: () => Date): void {
  app.get(
    '/v1/scoring/care-queue',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['care'],
        summary: 'Social mentions to answer, most urgent first',
        description:
          "Ordered by priority (the author's value and influence with the post's urgency), then the oldest post. " +
          'Filter by band, platform, brand and publication time; open posts unless `status` says otherwise.',
        querystring: CareQueueQuery,
        response: { 200: CareQueuePage, ...problemResponses },
      },
    },
    (request) => listCareQueue(queries, request.query),
  );

  app.post(
    '/v1/scoring/care-queue/:mentionId/handled',
    {
      config: { scope: CARE_SCOPE },
      schema: {
        tags: ['care'],
        summary: 'Mark a mention handled: it leaves the open queue',
        params: MentionIdParams,
        body: MarkHandledBody.nullish(),
        response: { 200: CareQueueItem, ...problemResponses },
      },
    },
    (request) =>
      markHandled(queries, request.params.mentionId, request.principal!.name, request.body?.note, now()),
  );
}
