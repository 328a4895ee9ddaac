import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Problem, ProblemFieldError } from '@rapport/contracts';
import type { ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemOf } from './problem.ts';

function send(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...problem, requestId: request.id });
}

/**
 * Zod issues as contract field errors: `path` is a JSON pointer into the validated part of the
 * request (`/emails/0/address`; "" for the whole of it), and an unknown key is reported at its own path.
 */
function fieldErrors(issues: readonly ZodFastifySchemaValidationError[]): ProblemFieldError[] {
  return issues.flatMap((issue) => {
    const path = issue.instancePath === '/' ? '' : issue.instancePath;
    const keys = (issue.params as { keys?: unknown }).keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({
        path: `${path}/${String(key)}`,
        message: 'is not a known field',
        code: issue.keyword,
      }));
    }
    return [{ path, message: issue.message ?? 'is invalid', code: issue.keyword }];
  });
}

/**
 * The one place an error becomes a response. Expected outcomes arrive as HttpProblem; Fastify's
 * own client errors (bad JSON, body too large, wrong media type) keep their status; anything else
 * is a bug: logged with its stack, answered with a bare 500 that reveals nothing.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpProblem | Error, request, reply) => {
    if (error instanceof HttpProblem) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      reply.headers(error.headers);
      return send(request, reply, error.toProblem());
    }

    if (hasZodFastifySchemaValidationErrors(error)) {
      // The detail says which part (body, querystring, params, headers) the pointers refer to.
      const context = (error as FastifyError).validationContext ?? 'input';
      return send(request, reply, {
        ...problemOf(400, `the request ${context} is invalid`),
        type: 'urn:rapport:problem:validation',
        errors: fieldErrors(error.validation),
      });
    }

    const status = 'statusCode' in error ? error.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own messages are fixed strings (no request content); others may not be.
      const code = 'code' in error ? String(error.code) : undefined;
      const detail = code?.startsWith('FST_') ? error.message : undefined;
      request.log.info({ code, status }, 'request rejected');
      return send(request, reply, problemOf(status, detail));
    }

    // A response that does not match its own schema is our bug, not the client's.
    const serialization = 'method' in error && isResponseSerializationError(error);
    request.log.error({ err: error, serialization }, 'request failed');
    return send(request, reply, problemOf(status !== undefined && status >= 500 ? status : 500));
  });

  app.setNotFoundHandler((request, reply) =>
    send(request, reply, problemOf(404, `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
