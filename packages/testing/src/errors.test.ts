import { describe, expect, it } from 'vitest';
import {
  InfrastructureTimeout,
  MissingInfrastructure,
  PrivateServerFailed,
  ServiceStopFailed,
} from './errors.ts';

describe('coded errors', () => {
  it('each carries its own stable code and its class name', () => {
    const errors = [
      new MissingInfrastructure('DATABASE_URL'),
      new PrivateServerFailed('pg_ctl failed'),
      new InfrastructureTimeout('Kafka warm-up'),
      new ServiceStopFailed('matcher', 'deadline', ['redis']),
    ];
    expect(errors.map((e) => [e.name, e.code])).toEqual([
      ['MissingInfrastructure', 'TEST_INFRASTRUCTURE_MISSING'],
      ['PrivateServerFailed', 'TEST_PRIVATE_SERVER_FAILED'],
      ['InfrastructureTimeout', 'TEST_INFRASTRUCTURE_TIMEOUT'],
      ['ServiceStopFailed', 'TEST_SERVICE_STOP_FAILED'],
    ]);
  });

  it('says what to do when infrastructure is missing', () => {
    expect(new MissingInfrastructure('REDIS_URL').message).toContain('./dev.sh infra up');
  });
});
