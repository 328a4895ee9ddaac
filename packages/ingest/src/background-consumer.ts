import type { RunningConsumer } from '@rapport/kafka';

interface ConsumerLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** A consumer joining its group in the background, so that the service serves HTTP meanwhile. */
export interface BackgroundConsumer {
  /** True once the consumer is in its group (its first join completed). */
  joined(): boolean;
  /** The consumer, once joined. */
  current(): RunningConsumer | undefined;
  /** Stops it, or abandons a start still in progress and stops what it started. */
  stop(): Promise<void>;
}

/**
 * Starts a consumer without holding the service's start on it. Joining a group can take as long as
 * the session of a member that died (a `kill -9`) takes to expire; the service meanwhile answers HTTP
 * (its writes need only the producer) and its readiness says the consumer is not in yet. A start that
 * fails (the broker went away) is tried again, backing off up to `maxBackoffMs`.
 */
export function startInBackground(
  start: () => Promise<RunningConsumer>,
  options: { logger: ConsumerLogger; initialBackoffMs?: number; maxBackoffMs?: number },
): BackgroundConsumer {
  let consumer: RunningConsumer | undefined;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> | undefined;
  const initial = options.initialBackoffMs ?? 500;
  const max = options.maxBackoffMs ?? 5000;

  const tryStart = (backoffMs: number): void => {
    attempt = start().then(
      async (started) => {
        if (stopping) return started.stop();
        consumer = started;
      },
      (error: unknown) => {
        if (stopping) return;
        options.logger.warn(
          { errorName: (error as Error).name, retryInMs: backoffMs },
          'raw consumer did not start; trying again',
        );
        timer = setTimeout(() => tryStart(Math.min(backoffMs * 2, max)), backoffMs);
      },
    );
  };
  tryStart(initial);

  return {
    joined: () => consumer !== undefined,
    current: () => consumer,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await attempt;
      await consumer?.stop();
    },
  };
}

/**
 * Readiness of a background consumer: not ready until it is in its group, then as `alive` says
 * (the consume loop's sign of life).
 */
export function backgroundConsumerReady(
  background: BackgroundConsumer,
  alive: (consumer: RunningConsumer) => () => Promise<void>,
): () => Promise<void> {
  let check: (() => Promise<void>) | undefined;
  return async () => {
    const consumer = background.current();
    if (consumer === undefined) throw new Error('not in its consumer group yet');
    check ??= alive(consumer);
    await check();
  };
}
