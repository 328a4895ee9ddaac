import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseJsonBytes } from '@rapport/contracts';
import { HttpProblem } from './problem.ts';

const JSON_MEDIA_TYPE = 'application/json';

/** The media types a route takes: `schema.consumes`, else its body's content map, else JSON. */
function consumedBy(request: FastifyRequest): readonly string[] {
  const schema = request.routeOptions.schema as
    { consumes?: readonly string[]; body?: { content?: Record<string, unknown> } } | undefined;
  if (schema?.consumes && schema.consumes.length > 0) return schema.consumes;
  const content = schema?.body?.content;
  if (content && typeof content === 'object') return Object.keys(content);
  return [JSON_MEDIA_TYPE];
}

function unsupported(request: FastifyRequest): HttpProblem {
  return new HttpProblem({
    status: 415,
    type: 'urn:rapport:problem:unsupported-media-type',
    detail: `this route takes ${consumedBy(request).join(' or ')}`,
  });
}

/**
 * What a request body may be, for every service:
 * - JSON is read by the contracts' `parseJsonBytes` (UTF-8 only, `__proto__` refused by name), a
 *   400 naming the fields otherwise;
 * - Fastify's `text/plain` parser is removed: no route takes text, so such a body is 415, not a
 *   string that fails validation as "expected object";
 * - a body in a media type that has a parser (NDJSON, CSV) but is not what the route consumes is
 *   415 too, naming what it takes.
 */
export function installMediaTypes(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
    const parsed = parseJsonBytes(body as Buffer);
    if (parsed.ok) return done(null, parsed.value);
    const detail = {
      utf8_invalid: 'the body is not valid UTF-8',
      json_invalid: 'the body is not valid JSON',
      key_forbidden: 'the body uses a field name that is not accepted',
    }[parsed.reason];
    done(
      new HttpProblem({
        status: 400,
        type: 'urn:rapport:problem:validation',
        detail,
        extensions: { errors: parsed.errors },
      }),
      undefined,
    );
  });

  // A media type nothing parses (text/plain included) meets this parser: the same 415 as below.
  app.addContentTypeParser('*', (request, _payload, done) => done(unsupported(request), undefined));
  app.addHook('preValidation', async (request) => {
    const header = request.headers['content-type'];
    if (header === undefined || request.body === undefined) return;
    const media = header.split(';')[0]!.trim().toLowerCase();
    if (!consumedBy(request).includes(media)) throw unsupported(request);
  });
}
