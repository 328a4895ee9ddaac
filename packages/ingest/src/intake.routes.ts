import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';
import { serializerCompiler } from 'fastify-type-provider-zod';
import {
  batchBody,
  BatchAccepted,
  BatchRejectedProblem,
  IngestAccepted,
  problemErrors,
} from '@rapport/contracts';
import { problemResponse, validateAllButBody, type HttpApp } from '@rapport/service-kit';
import type { EventPublisher } from './event.publisher.ts';
import { IDEMPOTENCY_HEADER } from './ingest-http.ts';
import { acceptBatch, acceptOne, type BatchItem, type Intake, type IntakeObserver } from './intake.ts';
import { NDJSON_CONTENT_TYPE, NdjsonBody } from './ndjson.ts';
import { BatchRejected, BatchTooLarge, InvalidRequest, StoreUnavailable } from './problems.ts';

export const INGEST_SCOPE = 'ingest:write';

/** The error answers every ingest write documents (problem+json); the kit's error handler produces them. */
export const problemResponses = {
  400: problemResponse(
    'Not UTF-8, malformed JSON, a `__proto__` key, wrong types, missing or unknown fields: `errors` points at each',
  ),
  401: problemResponse('No API key, or an unknown one'),
  403: problemResponse('The API key lacks the ingest:write scope'),
  409: problemResponse('A request with the same Idempotency-Key is still in flight'),
  413: problemResponse('Body larger than MAX_BODY_BYTES, or more records than MAX_BATCH_RECORDS'),
  415: problemResponse('A Content-Type the route does not take'),
  422: problemResponse(
    'Every record of the batch was rejected (`results` as in a 202, each with its errors; nothing was published), ' +
      'or the Idempotency-Key was already used with a different request',
    BatchRejectedProblem,
  ),
  429: problemResponse('Rate limit of the API key reached: see Retry-After'),
  503: problemResponse('Kafka (or Redis) unavailable: nothing was accepted; retry after Retry-After'),
} as const;

/** Documents Idempotency-Key; loose, so the other headers stay on the request. */
export const writeHeaders = z.looseObject({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, { message: 'must be 1 to 255 visible ASCII characters' })
    .optional()
    .describe(
      'Makes the write safe to retry: the same key with the same request gets the first answer again ' +
        'and publishes nothing twice (remembered IDEMPOTENCY_TTL_SECONDS, default 24 h)',
    ),
});

/**
 * A route's serializer compiler: the 202 answer is built by the handler from typed values (an
 * IngestAccepted or BatchAccepted), so it is written as it is; checking it again with zod cost a few
 * microseconds per record on every batch and per single request. Problems keep the schema's serializer.
 */
const acceptedAsBuilt: FastifySerializerCompiler<unknown> = (route) =>
  String(route.httpStatus) === '202'
    ? (data: unknown) => JSON.stringify(data)
    : serializerCompiler(route as unknown as Parameters<typeof serializerCompiler>[0]);

const BatchEnvelope = z.strictObject({ records: z.array(z.unknown()).min(1) });

export interface IntakeRoutesOptions<S extends z.ZodType> {
  /** e.g. `/v1/loyalty/members`; the batch route is `${path}/batch`. */
  path: string;
  intake: Intake<S>;
  publisher: EventPublisher;
  maxBatchRecords: number;
  tag: string;
  /** e.g. "loyalty member". */
  noun: string;
  observer?: IntakeObserver;
}

/** The batch items of a JSON `{ records }` body or an NDJSON body; envelope problems are thrown. */
export function batchItems(body: unknown, maxRecords: number): { items: BatchItem[]; path: string } {
  if (body instanceof NdjsonBody) {
    if (body.items.length === 0) throw new InvalidRequest('the NDJSON body has no records', []);
    if (body.items.length > maxRecords) throw new BatchTooLarge(body.items.length, maxRecords);
    return { items: body.items, path: 'ndjson' };
  }
  // The record count is checked before the records: a too-long batch is 413 whatever it holds.
  const count = (body as { records?: unknown })?.records;
  if (Array.isArray(count) && count.length > maxRecords) throw new BatchTooLarge(count.length, maxRecords);
  const envelope = BatchEnvelope.safeParse(body);
  if (!envelope.success) {
    throw new InvalidRequest(
      'the request body must be { "records": [ ... ] }',
      problemErrors(envelope.error),
    );
  }
  return { items: envelope.data.records.map((value) => ({ ok: true, value })), path: 'batch' };
}

/**
 * `POST path` (one record) and `POST path/batch` (JSON `{ records }` or NDJSON), both 202 once Kafka
 * acknowledged every event. The batch body is validated per record in the handler, not by Fastify,
 * so one bad record is answered at its index instead of failing the batch; its schema still feeds
 * OpenAPI.
 */
export function registerIntakeRoutes<S extends z.ZodType>(
  app: HttpApp,
  options: IntakeRoutesOptions<S>,
): void {
  const { intake, publisher, observer } = options;

  app.post(
    options.path,
    {
      config: { scope: INGEST_SCOPE },
      serializerCompiler: acceptedAsBuilt,
      schema: {
        tags: [options.tag],
        summary: `Ingest one ${options.noun}`,
        description:
          'Validated strictly (unknown fields are rejected), lightly normalised, published to Kafka. ' +
          '202 only after every in-sync replica acknowledged; `eventId` is derived from the record, ' +
          'so resending the same record yields the same id.',
        headers: writeHeaders,
        body: intake.body,
        response: { 202: IngestAccepted, ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await acceptOne(intake, request.body as z.output<S>, publisher, {
        ...(observer ? { observer } : {}),
      });
      if (result.kind === 'unavailable') throw new StoreUnavailable('kafka', result.retryAfterSeconds);
      return reply.code(202).send({ status: 'accepted', eventId: result.eventId } satisfies IngestAccepted);
    },
  );

  app.post(
    `${options.path}/batch`,
    {
      config: { scope: INGEST_SCOPE },
      // The body is checked per record by the handler; headers are validated as usual.
      validatorCompiler: validateAllButBody,
      serializerCompiler: acceptedAsBuilt,
      schema: {
        tags: [options.tag],
        summary: `Ingest up to ${options.maxBatchRecords} ${options.noun} records (JSON or NDJSON)`,
        description:
          `JSON \`{ "records": [...] }\` or NDJSON (\`${NDJSON_CONTENT_TYPE}\`, one record per line). ` +
          'Each record is validated on its own and answered at its index (accepted with its eventId, ' +
          'or rejected with field errors relative to the record); the accepted ones are published ' +
          'together and the answer comes once Kafka acknowledged them. NDJSON indexes count non-blank lines. ' +
          'When every record is rejected the answer is 422 with the same per-record results.',
        headers: writeHeaders,
        body: {
          content: {
            'application/json': { schema: intake.batchBody ?? batchBody(intake.body) },
            [NDJSON_CONTENT_TYPE]: {
              schema: z
                .array(intake.body)
                .min(1)
                .max(options.maxBatchRecords)
                .describe('One JSON record per line (item i of this array is line i), LF or CRLF line ends'),
            },
          },
        },
        response: { 202: BatchAccepted, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { items, path } = batchItems(request.body, options.maxBatchRecords);
      const result = await acceptBatch(intake, items, publisher, { path, ...(observer ? { observer } : {}) });
      if (result.kind === 'unavailable') throw new StoreUnavailable('kafka', result.retryAfterSeconds);
      request.log.info(
        { intake: intake.name, accepted: result.answer.accepted, rejected: result.answer.rejected },
        'batch answered',
      );
      if (result.answer.accepted === 0) throw new BatchRejected(result.answer);
      return reply.code(202).send(result.answer satisfies BatchAccepted);
    },
  );
}
