import { describe, expect, it } from 'vitest';
import { ConfigError, ReadinessCheckDuplicate, RouteScopeMissing, ShutdownStarted } from './errors.ts';
import { HttpProblem, problemCode } from './problem.ts';

describe('coded errors', () => {
  it('each carries its own stable code and its class name', () => {
    const errors = [
      new ConfigError(['PORT: required']),
      new RouteScopeMissing('GET /x'),
      new ShutdownStarted('redis'),
      new ReadinessCheckDuplicate('postgres'),
    ];
    expect(errors.map((e) => [e.name, e.code])).toEqual([
      ['ConfigError', 'CONFIG_INVALID'],
      ['RouteScopeMissing', 'ROUTE_SCOPE_MISSING'],
      ['ShutdownStarted', 'SHUTDOWN_STARTED'],
      ['ReadinessCheckDuplicate', 'READINESS_CHECK_DUPLICATE'],
    ]);
    for (const error of errors) expect(error).toBeInstanceOf(Error);
  });

  it('gives an HTTP problem the code of its type, or of its status without one', () => {
    expect(new HttpProblem({ status: 503, type: 'urn:rapport:problem:kafka-unavailable' }).code).toBe(
      'KAFKA_UNAVAILABLE',
    );
    expect(new HttpProblem({ status: 401 }).code).toBe('HTTP_401');
    expect(problemCode('https://example.com/probs/out-of-credit', 403)).toBe('HTTP_403');
  });
});
