import { z } from 'zod';
import { ConfigError } from './errors.ts';

/**
 * Configuration comes only from environment variables, under the same names in every service.
 *
 * A fragment is a zod schema over the flat environment that yields one settings group, e.g.
 * `kafkaConfig('matcher')` reads KAFKA_BROKERS, KAFKA_CLIENT_ID and KAFKA_TOPIC_PREFIX and yields
 * `{ brokers, clientId, topicPrefix }`. A service composes fragments into one object schema:
 *
 *   export const configSchema = z.object({ service: serviceConfig, auth: authConfig, redis: redisConfig });
 *   export const loadIngestConfig = (env: Env) => loadConfig(configSchema, env);
 *
 * and `loadConfig` feeds the whole environment to each group, so `config.redis.url` is typed and every
 * problem is reported once, by variable name.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** A fragment: environment in, one settings group out. */
export type ConfigFragment = z.ZodPipe<z.ZodObject, z.ZodTransform>;
export type ConfigSchema = z.ZodObject<Record<string, ConfigFragment>>;

/**
 * Parses the environment against a composed schema. Empty values count as unset, so `FOO=` in an
 * .env file means "use the default" or "required", never an empty setting.
 */
export function loadConfig<S extends ConfigSchema>(schema: S, env: Env): z.output<S> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') present[name] = value;
  }
  const input = Object.fromEntries(Object.keys(schema.shape).map((group) => [group, present]));
  const result = schema.safeParse(input);
  if (result.success) return result.data;

  // The same variable can be read by two groups: report it once.
  const problems = new Set<string>();
  for (const issue of result.error.issues) {
    // Paths are [group, VARIABLE, ...]; the group is our own wiring, not something an operator sets.
    const variable = issue.path.slice(1).map(String).join('.') || String(issue.path[0] ?? '');
    problems.add(`${variable}: ${issue.message}`);
  }
  throw new ConfigError([...problems].sort());
}

/** Every variable a composed schema reads, and whether it must be set (no default, not optional). */
export function configVariables(schema: ConfigSchema): { name: string; required: boolean }[] {
  const byName = new Map<string, boolean>();
  for (const fragment of Object.values(schema.shape)) {
    for (const [name, field] of Object.entries(fragment.in.shape)) {
      const required = !(field as z.ZodType).safeParse(undefined).success;
      byName.set(name, (byName.get(name) ?? false) || required);
    }
  }
  return [...byName]
    .map(([name, required]) => ({ name, required }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// ---- field builders: one message style, "<VAR>: <what was expected>" ----

const required = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'required' : expected;

function integer(min: number, max: number) {
  const expected = `expected integer ${min}..${max}`;
  return z
    .string({ error: required(expected) })
    .regex(/^\d+$/, { error: expected })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: expected }).max(max, { error: expected }));
}

function url(protocols: readonly string[]) {
  const expected = `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`;
  return z.string({ error: required(expected) }).refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: expected },
  );
}

const nonEmpty = (expected: string) => z.string({ error: required(expected) }).min(1, { error: expected });

// ---- fragments ----

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** HTTP listener, logging and shutdown: every service has these. */
export const serviceConfig = z
  .object({
    PORT: integer(1, 65535).default(3000),
    HOST: nonEmpty('expected a host name or address').default('0.0.0.0'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    SHUTDOWN_DEADLINE_MS: integer(100, 600_000).default(10_000),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
  }));
export type ServiceSettings = z.output<typeof serviceConfig>;

export const postgresConfig = z
  .object({ DATABASE_URL: url(['postgres:', 'postgresql:']) })
  .transform((env) => ({ url: env.DATABASE_URL }));
export type PostgresSettings = z.output<typeof postgresConfig>;

/** A key prefix keeps a service's keys apart in a Redis shared by the fleet (and each test's apart). */
export const redisConfig = z
  .object({
    REDIS_URL: url(['redis:', 'rediss:']),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:._-]+$/, { error: 'expected letters, digits, ":", ".", "_" or "-"' })
      .optional(),
  })
  .transform((env) => ({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX }));
export type RedisSettings = z.output<typeof redisConfig>;

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** The client id defaults to the service name, which also names its consumer group. */
export function kafkaConfig(defaultClientId: string) {
  return z
    .object({
      KAFKA_BROKERS: z
        .string({ error: required('expected a comma-separated list of host:port') })
        .transform((value) =>
          value
            .split(',')
            .map((broker) => broker.trim())
            .filter(Boolean),
        )
        .refine((brokers) => brokers.length > 0 && brokers.every((broker) => BROKER.test(broker)), {
          error: 'expected a comma-separated list of host:port',
        }),
      KAFKA_CLIENT_ID: nonEmpty('expected a client id').default(defaultClientId),
      KAFKA_TOPIC_PREFIX: z
        .string()
        .regex(/^[A-Za-z0-9._-]*$/, { error: 'expected letters, digits, ".", "_" or "-"' })
        .default(''),
    })
    .transform((env) => ({
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
    }));
}
export type KafkaSettings = z.output<ReturnType<typeof kafkaConfig>>;

// ---- API keys ----

export interface ApiKey {
  /** Safe to log: identifies the caller. */
  readonly name: string;
  /** Never logged, never returned. */
  readonly secret: string;
  readonly scopes: readonly string[];
}

/**
 * API_KEYS format: `name:secret:scope1+scope2;name2:secret2:scope3`.
 * - name: letters, digits, `_` and `-`; unique.
 * - secret: at least 16 characters, none of `:` `;` `+` or whitespace; unique.
 * - scopes: one or more `resource:action` (e.g. `ingest:write`, `customers:read`, `customers:admin`),
 *   joined by `+`. Everything after the second `:` is the scope list, so scopes may contain `:`.
 */
export function parseApiKeys(value: string): { keys: ApiKey[]; problems: string[] } {
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  const entries = value
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) problems.push('expected at least one key as name:secret:scope1+scope2');

  entries.forEach((entry, index) => {
    const where = `key #${index + 1}`;
    const first = entry.indexOf(':');
    const second = first < 0 ? -1 : entry.indexOf(':', first + 1);
    if (second < 0) {
      problems.push(`${where}: expected name:secret:scope1+scope2`);
      return;
    }
    const name = entry.slice(0, first);
    const secret = entry.slice(first + 1, second);
    const scopes = entry.slice(second + 1).split('+');
    // Problems name the key, never echo its secret.
    const label = /^[A-Za-z0-9_-]+$/.test(name) ? `key "${name}"` : where;
    if (label === where) problems.push(`${where}: name must be letters, digits, "_" or "-"`);
    if (secret.length < 16 || /[\s;+:]/.test(secret)) {
      problems.push(`${label}: secret must be at least 16 characters without ":", ";", "+" or spaces`);
    }
    const badScopes = scopes.filter((scope) => !/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/.test(scope));
    if (badScopes.length > 0) {
      problems.push(`${label}: scopes must look like resource:action, got ${JSON.stringify(badScopes)}`);
    }
    if (keys.some((key) => key.name === name)) problems.push(`${label}: duplicate name`);
    if (keys.some((key) => key.secret === secret))
      problems.push(`${label}: secret already used by another key`);
    keys.push({ name, secret, scopes });
  });
  return { keys, problems };
}

export const authConfig = z
  .object({
    API_KEYS: z
      .string({ error: required('expected name:secret:scope1+scope2;...') })
      .transform((value, ctx) => {
        const { keys, problems } = parseApiKeys(value);
        for (const message of problems) ctx.issues.push({ code: 'custom', message, input: '[redacted]' });
        return keys;
      }),
  })
  .transform((env) => ({ apiKeys: env.API_KEYS }));
export type AuthSettings = z.output<typeof authConfig>;

/** The settings of a service on Postgres, Kafka and Redis (matcher, scoring); `.extend` it with its own groups. */
export function postgresKafkaRedisConfig(serviceName: string) {
  return z.object({
    service: serviceConfig,
    auth: authConfig,
    kafka: kafkaConfig(serviceName),
    postgres: postgresConfig,
    redis: redisConfig,
  });
}
