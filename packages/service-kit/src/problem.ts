import { STATUS_CODES } from 'node:http';
import type { Problem } from '@rapport/contracts';

// The shape lives in @rapport/contracts (clients and OpenAPI read it there); the kit produces it.
export { Problem, ProblemFieldError, problemContentType as PROBLEM_CONTENT_TYPE } from '@rapport/contracts';

export interface HttpProblemInit {
  status: number;
  /** A stable URI per problem kind, e.g. `urn:rapport:problem:customer-not-found`. */
  type?: string;
  title?: string;
  /** Shown to the client: say what happened for this request, never echo PII or internals. */
  detail?: string;
  /** Extra members, e.g. `{ customerId }`. */
  extensions?: Record<string, unknown>;
  /** Response headers that belong to the problem, e.g. `www-authenticate` on a 401. */
  headers?: Record<string, string>;
}

/**
 * The error routes and use cases throw for an expected HTTP outcome. The kit's error handler turns
 * it into problem+json. Subclass it for coded errors:
 *
 *   export class CustomerNotFound extends HttpProblem {
 *     constructor(id: string) { super({ status: 404, type: 'urn:rapport:problem:customer-not-found', detail: `no customer ${id}` }); }
 *   }
 */
export class HttpProblem extends Error {
  /** Stable like `type`, which it is derived from: `urn:rapport:problem:rate-limited` is RATE_LIMITED. */
  readonly code: string;
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: HttpProblemInit) {
    const title = init.title ?? STATUS_CODES[init.status] ?? 'Error';
    super(init.detail ?? title);
    this.name = 'HttpProblem';
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.code = problemCode(this.type, this.status);
    this.title = title;
    this.detail = init.detail;
    this.extensions = init.extensions ?? {};
    this.headers = init.headers ?? {};
  }

  toProblem(): Problem {
    return {
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
    };
  }
}

const RAPPORT_PROBLEM = 'urn:rapport:problem:';

/** A problem type as an error code; `about:blank` problems are named by their status (HTTP_404). */
export function problemCode(type: string, status: number): string {
  return type.startsWith(RAPPORT_PROBLEM)
    ? type.slice(RAPPORT_PROBLEM.length).replaceAll('-', '_').toUpperCase()
    : `HTTP_${status}`;
}

export function problemOf(status: number, detail?: string): Problem {
  return new HttpProblem({ status, ...(detail === undefined ? {} : { detail }) }).toProblem();
}
