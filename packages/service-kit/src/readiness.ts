import type { Logger } from 'pino';
import { ReadinessCheckDuplicate } from './errors.ts';

/**
 * A readiness check resolves when the dependency answers and rejects (or never settles) when not.
 * Services build them from their own clients (`() => pingPool(pool)`, `() => redis.ping()`, ...):
 * the kit knows nothing about pg, ioredis or kafkajs.
 */
export type ReadinessCheck = () => Promise<unknown>;

export type CheckStatus = 'ok' | 'failed' | 'timeout';

export interface ReadinessReport {
  ready: boolean;
  /** True once shutdown began: the orchestrator should stop sending traffic. */
  stopping: boolean;
  checks: { name: string; status: CheckStatus; durationMs: number }[];
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

interface Registered {
  name: string;
  check: ReadinessCheck;
  timeoutMs: number;
}

export class Readiness {
  readonly #checks: Registered[] = [];
  readonly #logger: Logger | undefined;
  #stopping = false;

  constructor(options: { logger?: Logger } = {}) {
    this.#logger = options.logger;
  }

  register(name: string, check: ReadinessCheck, options: { timeoutMs?: number } = {}): void {
    if (this.#checks.some((registered) => registered.name === name)) {
      throw new ReadinessCheckDuplicate(name);
    }
    this.#checks.push({ name, check, timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS });
  }

  /** Readiness turns false for good: the first step of shutdown. */
  markStopping(): void {
    this.#stopping = true;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  async evaluate(): Promise<ReadinessReport> {
    // Once stopping, clients may already be closed: their checks would only add noise.
    if (this.#stopping) return { ready: false, stopping: true, checks: [] };
    const checks = await Promise.all(this.#checks.map((registered) => this.#run(registered)));
    return {
      ready: !this.#stopping && checks.every((check) => check.status === 'ok'),
      stopping: this.#stopping,
      checks,
    };
  }

  async #run({ name, check, timeoutMs }: Registered): Promise<ReadinessReport['checks'][number]> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    let status: CheckStatus;
    try {
      // A check is a function we call, so a synchronous throw counts as a failure too.
      const outcome = await Promise.race([
        Promise.resolve()
          .then(check)
          .then(() => 'ok' as const),
        timedOut,
      ]);
      status = outcome;
    } catch (error) {
      status = 'failed';
      this.#logger?.warn({ check: name, err: error }, 'readiness check failed');
    } finally {
      clearTimeout(timer);
    }
    if (status === 'timeout') this.#logger?.warn({ check: name, timeoutMs }, 'readiness check timed out');
    return { name, status, durationMs: Math.round(performance.now() - started) };
  }
}
