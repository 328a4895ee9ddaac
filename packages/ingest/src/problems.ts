import { HttpProblem } from '@rapport/service-kit';
import type { BatchAccepted, ProblemFieldError } from '@rapport/contracts';

// Coded problems of the intake paths. Details say what happened to this request; they never echo
// a value from the body (it may be personal data) or an API key.

/** Kafka did not acknowledge the write: nothing was accepted, the client should try again. */
export class StoreUnavailable extends HttpProblem {
  constructor(what: 'kafka' | 'redis', retryAfterSeconds: number) {
    super({
      status: 503,
      type: `urn:rapport:problem:${what}-unavailable`,
      detail:
        what === 'kafka'
          ? 'the event store did not acknowledge the write; nothing was accepted, retry later'
          : 'the request store is unavailable; nothing was accepted, retry later',
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

export class RateLimited extends HttpProblem {
  constructor(limit: number, windowSeconds: number, retryAfterSeconds: number) {
    super({
      status: 429,
      type: 'urn:rapport:problem:rate-limited',
      detail: `at most ${limit} requests per ${windowSeconds} s for this API key; retry in ${retryAfterSeconds} s`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

export class BatchTooLarge extends HttpProblem {
  constructor(count: number, max: number, unit: 'records' | 'rows' = 'records') {
    super({
      status: 413,
      type: 'urn:rapport:problem:batch-too-large',
      detail: `${count > max ? `more than ${max}` : count} ${unit} sent; at most ${max} per request: split it`,
      extensions: { maxRecords: max },
    });
  }
}

/** The body (or a part of the request) is not what the route takes; `errors` points at the fields. */
export class InvalidRequest extends HttpProblem {
  constructor(detail: string, errors: ProblemFieldError[]) {
    super({ status: 400, type: 'urn:rapport:problem:validation', detail, extensions: { errors } });
  }
}

export class IdempotencyKeyInFlight extends HttpProblem {
  constructor() {
    super({
      status: 409,
      type: 'urn:rapport:problem:idempotency-key-in-flight',
      detail: 'a request with this Idempotency-Key is still being processed; retry after it answered',
      headers: { 'retry-after': '1' },
    });
  }
}

export class IdempotencyKeyReused extends HttpProblem {
  constructor() {
    super({
      status: 422,
      type: 'urn:rapport:problem:idempotency-key-reused',
      detail: 'this Idempotency-Key was used for a different request (method, path or body)',
    });
  }
}

/** Every record of a batch (or CSV row) was rejected: nothing was published; the answers say why. */
export class BatchRejected extends HttpProblem {
  constructor(answer: BatchAccepted) {
    super({
      status: 422,
      type: 'urn:rapport:problem:batch-rejected',
      detail: `all ${answer.rejected} records were rejected; nothing was published`,
      extensions: { accepted: 0, rejected: answer.rejected, results: answer.results },
    });
  }
}
