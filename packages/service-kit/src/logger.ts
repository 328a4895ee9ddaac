import { pino, stdSerializers, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

// Field names that carry personal data in our contracts (see @rapport/contracts PersonRecord) or
// in raw source payloads. Pino redacts by path, so each name is listed at the depths we log objects:
// top level, and one or two levels down (e.g. `record.email`, `err.record.email`).
const PII_FIELDS = [
  'email',
  'emails',
  'phone',
  'phones',
  'name',
  'givenName',
  'middleName',
  'familyName',
  'fullName',
  'firstName',
  'lastName',
  'birthDate',
  'address',
  'addresses',
  'handle',
  'handles',
  'cards',
  'text',
  'body',
];

const SECRET_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'apiKey',
  'secret',
  'password',
  // pg errors carry the offending row values in `detail`.
  'err.detail',
  'err.where',
];

export const REDACTED_PATHS: readonly string[] = [
  ...SECRET_PATHS,
  ...PII_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export interface LoggerSettings {
  service: string;
  version: string;
  level: LogLevel;
}

/** Options for pino (and for Fastify, which takes the instance built from them). */
export function loggerOptions({ service, version, level }: LoggerSettings): LoggerOptions {
  return {
    level,
    base: { service, version },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: {
      err: stdSerializers.err,
      // Fastify's default request serializer logs the full URL; a query string can carry PII
      // (e.g. ?email=), so only the path is kept.
      req: (req: { method?: string; url?: string; id?: string }) => ({
        method: req.method,
        path: req.url?.split('?')[0],
      }),
    },
  };
}

/**
 * Writes to stdout synchronously by default: an asynchronous stdout can reorder or drop the last
 * lines when the process exits right after shutdown, which are the lines an operator needs most.
 */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  return pino(loggerOptions(settings), destination ?? pino.destination({ dest: 1, sync: true }));
}
