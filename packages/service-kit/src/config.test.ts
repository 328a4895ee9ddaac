import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  authConfig,
  configVariables,
  kafkaConfig,
  loadConfig,
  parseApiKeys,
  postgresConfig,
  redisConfig,
  serviceConfig,
} from './config.ts';
import { ConfigError } from './errors.ts';

const schema = z.object({
  service: serviceConfig,
  auth: authConfig,
  kafka: kafkaConfig('matcher'),
  postgres: postgresConfig,
  redis: redisConfig,
});

const valid = {
  DATABASE_URL: 'postgres://app:app@127.0.0.1:5432/app',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: '127.0.0.1:9092, kafka:9094',
  API_KEYS:
    'loyalty:0123456789abcdef0123:ingest:write;ops:fedcba9876543210fedc:customers:read+customers:admin',
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('groups settings and applies defaults', () => {
    const config = loadConfig(schema, valid);
    expect(config.service).toEqual({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      shutdownDeadlineMs: 10_000,
    });
    expect(config.kafka).toEqual({
      brokers: ['127.0.0.1:9092', 'kafka:9094'],
      clientId: 'matcher',
      topicPrefix: '',
    });
    expect(config.postgres.url).toBe(valid.DATABASE_URL);
    expect(config.redis.url).toBe(valid.REDIS_URL);
    expect(config.auth.apiKeys).toEqual([
      { name: 'loyalty', secret: '0123456789abcdef0123', scopes: ['ingest:write'] },
      { name: 'ops', secret: 'fedcba9876543210fedc', scopes: ['customers:read', 'customers:admin'] },
    ]);
  });

  it('reads every standard variable', () => {
    const config = loadConfig(schema, {
      ...valid,
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      SHUTDOWN_DEADLINE_MS: '2500',
      KAFKA_CLIENT_ID: 'matcher-2',
      KAFKA_TOPIC_PREFIX: 'test-1.',
    });
    expect(config.service).toEqual({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'debug',
      shutdownDeadlineMs: 2500,
    });
    expect(config.kafka.clientId).toBe('matcher-2');
    expect(config.kafka.topicPrefix).toBe('test-1.');
  });

  it('lists every missing variable by name', () => {
    expect(problemsOf({})).toEqual([
      'API_KEYS: required',
      'DATABASE_URL: required',
      'KAFKA_BROKERS: required',
      'REDIS_URL: required',
    ]);
  });

  it('treats empty values as unset', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: '', PORT: ' ' })).toEqual(['DATABASE_URL: required']);
  });

  it('lists every malformed variable with what was expected', () => {
    expect(
      problemsOf({
        ...valid,
        PORT: '70000',
        LOG_LEVEL: 'loud',
        SHUTDOWN_DEADLINE_MS: 'soon',
        DATABASE_URL: 'mysql://x/y',
        REDIS_URL: 'not a url',
        KAFKA_BROKERS: 'kafka',
      }),
    ).toEqual([
      'DATABASE_URL: expected a URL starting with postgres:// or postgresql://',
      'KAFKA_BROKERS: expected a comma-separated list of host:port',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
      'PORT: expected integer 1..65535',
      'REDIS_URL: expected a URL starting with redis:// or rediss://',
      'SHUTDOWN_DEADLINE_MS: expected integer 100..600000',
    ]);
  });

  it('rejects a port of 0 and a fractional port', () => {
    expect(problemsOf({ ...valid, PORT: '0' })).toEqual(['PORT: expected integer 1..65535']);
    expect(problemsOf({ ...valid, PORT: '80.5' })).toEqual(['PORT: expected integer 1..65535']);
  });

  it('puts every problem in the error message', () => {
    expect(() => loadConfig(schema, { ...valid, PORT: 'x', REDIS_URL: '' })).toThrow(
      /PORT: expected integer 1\.\.65535\n {2}REDIS_URL: required/,
    );
  });
});

describe('API_KEYS', () => {
  it('reports each bad key without echoing its secret', () => {
    const problems = problemsOf({
      ...valid,
      API_KEYS: 'a:short:ingest:write;b:0123456789abcdefXYZ:Ingest;c',
    });
    expect(problems).toEqual([
      'API_KEYS: key "a": secret must be at least 16 characters without ":", ";", "+" or spaces',
      'API_KEYS: key "b": scopes must look like resource:action, got ["Ingest"]',
      'API_KEYS: key #3: expected name:secret:scope1+scope2',
    ]);
    expect(problems.join('\n')).not.toContain('0123456789abcdefXYZ');
  });

  it('rejects duplicate names and secrets', () => {
    const { problems } = parseApiKeys('a:0123456789abcdef:x:read;a:0123456789abcdef:x:write');
    expect(problems).toEqual(['key "a": duplicate name', 'key "a": secret already used by another key']);
  });
});

describe('configVariables', () => {
  it('tells required variables from those with defaults', () => {
    const variables = configVariables(schema);
    expect(variables.filter((v) => v.required).map((v) => v.name)).toEqual([
      'API_KEYS',
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'REDIS_URL',
    ]);
    expect(variables.map((v) => v.name)).toContain('KAFKA_TOPIC_PREFIX');
  });
});
