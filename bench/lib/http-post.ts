import { Pool } from 'undici';

export interface Answer {
  status: number;
  body: string;
}

/**
 * Keep-alive connections to one service, at most `connections`, one request on each at a time. undici
 * rather than node:http: no ClientRequest, IncomingMessage or agent bookkeeping per request, which matters
 * when the client shares two cores with the service it measures. Not pipelined: the service answers a
 * mention only once Kafka has it, so a pipelined answer waits for every one ahead of it on its socket
 * (intake_to_answered p99 2.2-8.9 s with 64 sockets x 10, against 1.3-3.3 s unpipelined), and it saved
 * no measurable CPU.
 */
export function httpPool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections });
}

/**
 * One JSON POST; resolves with the whole answer. Through `dispatch` with a plain handler, not `request`:
 * the answers are a few hundred bytes, and a Readable stream per answer costs more than the answer itself.
 */
export function post(pool: Pool, url: URL, body: string, apiKey: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let status = 0;
    const chunks: Buffer[] = [];
    pool.dispatch(
      {
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body,
      },
      {
        onRequestStart: () => {},
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
        },
        onResponseData: (_controller, chunk) => {
          chunks.push(chunk);
        },
        onResponseEnd: () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }),
        onResponseError: (_controller, error) => reject(error),
      },
    );
  });
}
