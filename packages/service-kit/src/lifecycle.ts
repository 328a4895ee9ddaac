import type { Logger } from 'pino';
import { ShutdownStarted } from './errors.ts';
import { Readiness } from './readiness.ts';

export type Closer = () => Promise<unknown> | unknown;

export type StopOutcome = { ok: true } | { ok: false; reason: 'deadline' | 'failed'; failed: string[] };

export const DEFAULT_SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * Owns the order of shutdown. Register a closer right where the client is created:
 *
 *   const pool = createPool(config.postgres.url);
 *   lifecycle.onStop('postgres', () => pool.end());
 *
 * `stop()` first turns readiness false, then runs closers in reverse order of registration (what
 * started last stops first: HTTP, then consumers, then the producer, then pools), logging each
 * step with its duration, all within one hard deadline.
 */
export class Lifecycle {
  readonly readiness: Readiness;
  readonly #logger: Logger;
  readonly #deadlineMs: number;
  readonly #closers: { step: string; close: Closer }[] = [];
  #stopping: Promise<StopOutcome> | undefined;

  constructor(options: { logger: Logger; deadlineMs?: number; readiness?: Readiness }) {
    this.#logger = options.logger;
    this.#deadlineMs = options.deadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS;
    this.readiness = options.readiness ?? new Readiness({ logger: options.logger });
  }

  onStop(step: string, close: Closer): void {
    if (this.#stopping) throw new ShutdownStarted(step);
    this.#closers.push({ step, close });
  }

  /** Idempotent: a second call returns the same outcome. */
  stop(): Promise<StopOutcome> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<StopOutcome> {
    const started = performance.now();
    this.readiness.markStopping();
    this.#logger.info({ steps: this.#closers.length, deadlineMs: this.#deadlineMs }, 'shutdown started');

    const failed: string[] = [];
    let current = '';
    const steps = (async () => {
      for (const { step, close } of [...this.#closers].reverse()) {
        current = step;
        const stepStarted = performance.now();
        try {
          await close();
          this.#logger.info({ step, durationMs: elapsed(stepStarted) }, 'shutdown step done');
        } catch (error) {
          // Keep going: a failed closer must not leave the others open.
          failed.push(step);
          this.#logger.error({ step, durationMs: elapsed(stepStarted), err: error }, 'shutdown step failed');
        }
      }
      return 'done' as const;
    })();

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.#deadlineMs);
    });
    const result = await Promise.race([steps, deadline]);
    clearTimeout(timer);

    if (result === 'deadline') {
      this.#logger.error({ step: current, deadlineMs: this.#deadlineMs }, 'shutdown deadline exceeded');
      return { ok: false, reason: 'deadline', failed: [...failed, current] };
    }
    if (failed.length > 0) {
      this.#logger.error({ failed, durationMs: elapsed(started) }, 'shutdown finished with failures');
      return { ok: false, reason: 'failed', failed };
    }
    this.#logger.info({ durationMs: elapsed(started) }, 'shutdown complete');
    return { ok: true };
  }
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
