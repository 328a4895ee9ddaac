import { errorFields } from '../errors.ts';
import type { Logger } from '../logger.ts';

export interface RestartSupervisor {
  /** A crash kafkajs will not recover from by itself: restart after a backoff, until it works. */
  crashed(): void;
  /** No restart after this (the consumer is stopping). */
  stop(): void;
}

/**
 * kafkajs restarts by itself after retriable crashes. After a non-retriable one (seen when a broker
 * outage outlasts its connection retries) it would stop for good: this restarts it, backing off from
 * `initialDelayMs` doubling to `maxDelayMs`, so an outage never ends consumption. Each attempt is a
 * sign of life in `lastActivityAt()`: the loop waits out the outage, it is not stalled.
 */
export function restartSupervisor(options: {
  /** Connect and run again (subscriptions survive kafkajs' disconnect after a crash). */
  restart: () => Promise<void>;
  initialDelayMs: number;
  maxDelayMs: number;
  log: Logger;
  group: string;
}): RestartSupervisor {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (delayMs: number): void => {
    if (stopped || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      options.restart().then(
        () => options.log.info({ group: options.group }, 'kafka consumer restarted after a crash'),
        (error: unknown) => {
          options.log.warn(
            { group: options.group, ...errorFields(error) },
            'kafka consumer restart failed; trying again',
          );
          schedule(Math.min(delayMs * 2, options.maxDelayMs));
        },
      );
    }, delayMs);
    timer.unref();
  };

  return {
    crashed: () => schedule(options.initialDelayMs),
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
