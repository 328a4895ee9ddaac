// Optional vitest globalSetup (`globalSetup: ['packages/testing/src/global-setup.ts']` on the integration
// project): resolves every endpoint once for the whole run. With the variables set it does nothing; without
// them it starts one container per dependency through Docker and exports the variables, which the test
// workers inherit. Without either it fails before any test runs, naming what is missing.
import { endpoint, type EndpointName } from './endpoints.ts';

const names: EndpointName[] = ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS'];

export async function setup(): Promise<void> {
  for (const name of names) await endpoint(name);
}

export async function teardown(): Promise<void> {
  const { stopContainers } = await import('./containers.ts');
  await stopContainers();
}
