// Coded errors of the test infrastructure: a test that fails on one names what is missing or broken,
// never a silent skip. `code` is stable; the message says what to do.
import type { EndpointName } from './endpoints.ts';

const examples: Record<EndpointName, string> = {
  DATABASE_URL: 'DATABASE_URL=postgres://app:app@127.0.0.1:5432/app',
  REDIS_URL: 'REDIS_URL=redis://127.0.0.1:6379',
  KAFKA_BROKERS: 'KAFKA_BROKERS=127.0.0.1:9092',
};

/** An endpoint is neither in the environment nor startable as a container. */
export class MissingInfrastructure extends Error {
  readonly code = 'TEST_INFRASTRUCTURE_MISSING';
  readonly variable: EndpointName;

  constructor(variable: EndpointName, detail?: string) {
    super(
      `${variable} is not set and no Docker engine answered${detail ? ` (${detail})` : ''}. ` +
        `Start the local infrastructure with \`./dev.sh infra up\` and export ${variable} ` +
        `(${examples[variable]}), or run the suite through \`./dev.sh test\`.`,
    );
    this.name = 'MissingInfrastructure';
    this.variable = variable;
  }
}

/** A private server (Postgres cluster, Kafka broker) could not be made, started or stopped. */
export class PrivateServerFailed extends Error {
  readonly code = 'TEST_PRIVATE_SERVER_FAILED';

  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'PrivateServerFailed';
  }
}

/** Test infrastructure did not get where it must within its time: a warm-up, a topic read, a probe. */
export class InfrastructureTimeout extends Error {
  readonly code = 'TEST_INFRASTRUCTURE_TIMEOUT';

  constructor(what: string) {
    super(what);
    this.name = 'InfrastructureTimeout';
  }
}

/** A service under test did not stop cleanly: a closer failed or outlived the shutdown deadline. */
export class ServiceStopFailed extends Error {
  readonly code = 'TEST_SERVICE_STOP_FAILED';
  readonly failed: readonly string[];

  constructor(service: string, reason: string, failed: readonly string[]) {
    super(`${service} did not stop cleanly (${reason}): ${failed.join(', ')}`);
    this.name = 'ServiceStopFailed';
    this.failed = failed;
  }
}
