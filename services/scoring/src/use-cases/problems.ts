import { HttpProblem } from '@rapport/service-kit';

// Coded problems of the scoring API. Details name ids the caller sent, never personal data.

export class CustomerNotScored extends HttpProblem {
  constructor(customerId: string) {
    super({
      status: 404,
      type: 'urn:rapport:problem:customer-not-scored',
      detail: `no scores for customer ${customerId}: unknown to scoring, merged into another, or deleted`,
      extensions: { customerId },
    });
  }
}

export class MentionNotFound extends HttpProblem {
  constructor(mentionId: string) {
    super({
      status: 404,
      type: 'urn:rapport:problem:mention-not-found',
      detail: `no mention ${mentionId}`,
      extensions: { mentionId },
    });
  }
}

export class CursorInvalid extends HttpProblem {
  constructor() {
    super({
      status: 400,
      type: 'urn:rapport:problem:validation',
      detail: 'the cursor is not one this list returned',
      extensions: {
        errors: [{ path: '/cursor', message: 'is not a cursor of this list', code: 'invalid_cursor' }],
      },
    });
  }
}

export class SnapshotVersionConflict extends HttpProblem {
  constructor(version: string) {
    super({
      status: 409,
      type: 'urn:rapport:problem:snapshot-version-conflict',
      detail: `a different value snapshot was loaded as version ${version}: versions are immutable, give a new one`,
      extensions: { version },
    });
  }
}

export class ModelVersionTooLong extends HttpProblem {
  constructor(length: number, max: number) {
    super({
      status: 400,
      type: 'urn:rapport:problem:validation',
      detail: `configuration, snapshot and network versions together are ${length} characters; at most ${max}`,
      extensions: {
        errors: [
          { path: '/version', message: `makes a model version over ${max} characters`, code: 'too_big' },
        ],
      },
    });
  }
}

export class ScoresUnavailable extends HttpProblem {
  constructor() {
    super({
      status: 503,
      type: 'urn:rapport:problem:database-unavailable',
      detail: 'the scores store is unavailable; retry later',
      headers: { 'retry-after': '5' },
    });
  }
}
