export {
  authConfig,
  configVariables,
  kafkaConfig,
  loadConfig,
  LOG_LEVELS,
  parseApiKeys,
  postgresConfig,
  postgresKafkaRedisConfig,
  redisConfig,
  serviceConfig,
  type ApiKey,
  type AuthSettings,
  type ConfigFragment,
  type ConfigSchema,
  type Env,
  type KafkaSettings,
  type LogLevel,
  type PostgresSettings,
  type RedisSettings,
  type ServiceSettings,
} from './config.ts';
export { createLogger, loggerOptions, REDACTED_PATHS, type Logger, type LoggerSettings } from './logger.ts';
export {
  HttpProblem,
  Problem,
  ProblemFieldError,
  PROBLEM_CONTENT_TYPE,
  problemCode,
  problemOf,
  type HttpProblemInit,
} from './problem.ts';
export { buildHttp, REQUEST_ID_HEADER, type BuildHttpOptions, type HttpApp } from './http.ts';
export { problemResponse } from './openapi-content.ts';
export { SECURITY_SCHEMES, type AuthOptions, type Principal } from './auth.ts';
export {
  DEFAULT_CHECK_TIMEOUT_MS,
  Readiness,
  type CheckStatus,
  type ReadinessCheck,
  type ReadinessReport,
} from './readiness.ts';
export { DEFAULT_SHUTDOWN_DEADLINE_MS, Lifecycle, type Closer, type StopOutcome } from './lifecycle.ts';
export { runService } from './run-service.ts';
export {
  defineService,
  serviceRuntime,
  startService,
  type AppContext,
  type BaseConfig,
  type RunningService,
  type ServiceDefinition,
  type ServiceRuntime,
} from './service.ts';
export { validateAllButBody } from './body-validation.ts';
export { ConfigError, ReadinessCheckDuplicate, RouteScopeMissing, ShutdownStarted } from './errors.ts';
export type { ServicePort } from './attach.ts';
