import { HttpProblem } from '@rapport/service-kit';

// Coded problems of the matcher's API. Details name ids (customer, record), never a value such as an
// email or a name: a lookup's identifier is personal data.

export class CustomerNotFound extends HttpProblem {
  constructor(customerId: string) {
    super({
      status: 404,
      type: 'urn:rapport:problem:customer-not-found',
      detail: 'no customer has this id (it may have merged into another: look it up again)',
      extensions: { customerId },
    });
  }
}

export class IdentifierNotFound extends HttpProblem {
  constructor(kind: string) {
    super({
      status: 404,
      type: 'urn:rapport:problem:identifier-not-found',
      detail: `no customer carries this ${kind}`,
      extensions: { kind },
    });
  }
}

export class RecordNotFound extends HttpProblem {
  constructor(recordIds: readonly string[]) {
    super({
      status: 404,
      type: 'urn:rapport:problem:record-not-found',
      detail: `no stored record ${recordIds.join(', ')}`,
      extensions: { recordIds: [...recordIds] },
    });
  }
}

export class DecisionNotFound extends HttpProblem {
  constructor(a: string, b: string) {
    super({
      status: 404,
      type: 'urn:rapport:problem:decision-not-found',
      detail: 'no steward decision stands on these two records',
      extensions: { recordIds: [a, b] },
    });
  }
}

export class AuthorNotFound extends HttpProblem {
  constructor(recordId: string) {
    super({
      status: 404,
      type: 'urn:rapport:problem:author-not-found',
      detail: 'no social author record under this platform and handle',
      extensions: { recordId },
    });
  }
}

/** An erasure by identifier that several customers carry: erase each by its customer id instead. */
export class IdentifierAmbiguous extends HttpProblem {
  constructor(customerIds: readonly string[]) {
    super({
      status: 409,
      type: 'urn:rapport:problem:identifier-ambiguous',
      detail: `${customerIds.length} customers carry this identifier: erase the right one by its customer id`,
      extensions: { customerIds: [...customerIds] },
    });
  }
}

/** An identifier the engine cannot read (an email without @, a phone of two digits). */
export class IdentifierUnreadable extends HttpProblem {
  constructor(field: string) {
    super({
      status: 400,
      type: 'urn:rapport:problem:validation',
      detail: 'the identifier cannot be normalised',
      extensions: {
        errors: [
          { path: `/${field}`, message: 'cannot be normalised into an identifier', code: 'unreadable' },
        ],
      },
    });
  }
}

export class CursorInvalid extends HttpProblem {
  constructor() {
    super({
      status: 400,
      type: 'urn:rapport:problem:validation',
      detail: 'the cursor is not one this API gave out',
      extensions: { errors: [{ path: '/cursor', message: 'is not a valid cursor', code: 'invalid_cursor' }] },
    });
  }
}

/** Postgres did not answer: nothing was read or changed; the client should retry. */
export class DatabaseUnavailableProblem extends HttpProblem {
  constructor() {
    super({
      status: 503,
      type: 'urn:rapport:problem:database-unavailable',
      detail: 'the customer store is unavailable; nothing was changed, retry later',
      headers: { 'retry-after': '5' },
    });
  }
}
