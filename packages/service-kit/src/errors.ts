// Coded errors of the service kit. `code` is stable: callers branch on it and operators search logs for
// it; the message is for people and may change. Expected HTTP outcomes are HttpProblem (problem.ts),
// whose `type` URN is the stable name and whose `code` is derived from it.

/** The environment does not configure the service: every problem, as `VARIABLE: what was expected`. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** A route declares neither `config.scope` nor `config.public`: it would ship as "any key will do". */
export class RouteScopeMissing extends Error {
  readonly code = 'ROUTE_SCOPE_MISSING';

  constructor(route: string) {
    super(`${route}: declare config.scope (or config.public) on every route`);
    this.name = 'RouteScopeMissing';
  }
}

/** A closer registered after shutdown began could never run: the client it closes would stay open. */
export class ShutdownStarted extends Error {
  readonly code = 'SHUTDOWN_STARTED';

  constructor(step: string) {
    super(`cannot register "${step}": shutdown already started`);
    this.name = 'ShutdownStarted';
  }
}

/** Two readiness checks under one name: /readyz could not tell them apart. */
export class ReadinessCheckDuplicate extends Error {
  readonly code = 'READINESS_CHECK_DUPLICATE';

  constructor(name: string) {
    super(`readiness check "${name}" is already registered`);
    this.name = 'ReadinessCheckDuplicate';
  }
}
