import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

type Log = (...args: unknown[]) => void;

/**
 * A request's logger (`request.log`), whose pino child is made only once the request logs at an enabled
 * level. Fastify makes a child per request, and pino passes a child's bindings (the request id) through
 * every redaction path: a few percent of an ingest service's CPU per request when nothing is logged at all
 * (LOG_LEVEL=warn, the 202 path). What is logged is the same: the child is made before the first line.
 */
export class RequestLogger {
  readonly #parent: Logger;
  readonly #bindings: Bindings;
  readonly #options: ChildLoggerOptions;
  #child: Logger | undefined;

  constructor(parent: Logger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #logger(): Logger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options));
  }

  #enabled(level: Level): boolean {
    if (this.#child !== undefined) return this.#child.isLevelEnabled(level);
    // A route's own log level (Fastify passes it as the child's option) rules over the parent's.
    const own = this.#options.level;
    if (own === undefined) return this.#parent.isLevelEnabled(level);
    const values = this.#parent.levels.values;
    return values[level]! >= (values[own] ?? Infinity);
  }

  #log(level: Level, args: unknown[]): void {
    if (this.#enabled(level)) (this.#logger()[level] as Log)(...args);
  }

  get level(): string {
    return this.#child?.level ?? this.#options.level ?? this.#parent.level;
  }

  set level(level: string) {
    this.#logger().level = level;
  }

  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#log('error', args);
  }
  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }
  info(...args: unknown[]): void {
    this.#log('info', args);
  }
  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#logger().child(bindings, options) as FastifyBaseLogger;
  }
}

/** Fastify's `childLoggerFactory` option: a RequestLogger per request. */
export const requestLoggerFactory = (
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger =>
  new RequestLogger(logger as Logger, bindings, options) as unknown as FastifyBaseLogger;
