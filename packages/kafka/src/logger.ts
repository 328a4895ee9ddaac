import { logLevel, type logCreator } from 'kafkajs';

/** The subset of pino's API this package logs through, so callers pass a pino logger or a child of one. */
export interface Logger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

export const kafkajsLogLevels: Record<KafkaLogLevel, logLevel> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/**
 * kafkajs lines that are not problems, logged at debug. Each error response of the protocol
 * (`Response JoinGroup(...)`: "coordinator not available", "not the leader" while a fresh topic or a
 * restarted broker settles) and each socket error is retried by kafkajs, and what finally fails reaches the code that
 * called it, which logs it (a consumer's crash: runConsumer); the producer's warning about bounded retries names a choice made on
 * purpose (a request answers 503 rather than hang; one request in flight keeps the order).
 */
function isRoutine(namespace: string, message: string): boolean {
  return (
    (namespace === 'Connection' && message.startsWith('Response ')) ||
    // A socket error ("write after end" on a connection the broker or a consumer restart closed) fails the
    // requests in flight with a retriable KafkaJSConnectionError: kafkajs reconnects and retries them.
    (namespace === 'Connection' && message.startsWith('Connection error: ')) ||
    // The answer to a request that already timed out or failed with its connection, and was retried.
    (namespace === 'RequestQueue' && message === 'Response without match') ||
    // runConsumer logs each crash itself, with whether kafkajs restarts from it.
    (namespace === 'Consumer' &&
      (message.startsWith('Crash: ') || message.startsWith('Restarting the consumer'))) ||
    (namespace === 'Producer' && message.startsWith('Limiting retries for the idempotent producer'))
  );
}

/**
 * kafkajs lines that are news but not trouble, logged at info. A rebalance happens whenever a member joins or
 * leaves the group: each start of a service with several consumers in one group (the matcher's MATCHER_CONSUMERS)
 * makes the first to join re-join when the next one arrives.
 */
function isNews(namespace: string, message: string): boolean {
  return namespace === 'Runner' && message === 'The group is rebalancing, re-joining';
}

/**
 * kafkajs' own log lines carry broker addresses, group ids, offsets and error texts, never message values,
 * so they pass through as they are, under `kafkajs` with the kafkajs namespace.
 */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () => (entry) => {
    const { message, timestamp: _timestamp, logger: _name, ...fields } = entry.log;
    const obj = { kafkajs: entry.namespace, ...fields };
    if (isRoutine(entry.namespace, message)) {
      logger.debug(obj, message);
      return;
    }
    if (isNews(entry.namespace, message)) {
      logger.info(obj, message);
      return;
    }
    switch (entry.level) {
      case logLevel.ERROR:
        logger.error(obj, message);
        break;
      case logLevel.WARN:
        logger.warn(obj, message);
        break;
      case logLevel.INFO:
        logger.info(obj, message);
        break;
      default:
        logger.debug(obj, message);
    }
  };
}

export const silentLogger: Logger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
};
