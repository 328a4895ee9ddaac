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
  /** The last outcome, so only changes are logged; undefined until the check first ran. */
  last?: CheckStatus;
  passedOnce?: boolean;
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

  async #run(registered: Registered): Promise<ReadinessReport['checks'][number]> {
    const { name, check, timeoutMs } = registered;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    let status: CheckStatus;
    let failure: unknown;
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
      failure = error;
    } finally {
      clearTimeout(timer);
    }
    this.#logChange(registered, status, failure);
    return { name, status, durationMs: Math.round(performance.now() - started) };
  }

  /**
   * One line per change, not per probe (an orchestrator probes every few seconds): a check that
   * passed and now fails is a warning, its recovery is info. A check that has not passed yet since
   * start (a consumer still joining its group) is starting, not failing: debug.
   */
  #logChange(registered: Registered, status: CheckStatus, error: unknown): void {
    const previous = registered.last;
    registered.last = status;
    if (status === 'ok') {
      if (registered.passedOnce && previous !== 'ok')
        this.#logger?.info({ check: registered.name }, 'readiness check recovered');
      registered.passedOnce = true;
      return;
    }
    if (previous === status) return;
    const fields = {
      check: registered.name,
      ...(status === 'timeout' ? { timeoutMs: registered.timeoutMs } : { err: error }),
    };
    const message = status === 'timeout' ? 'readiness check timed out' : 'readiness check failed';
    if (registered.passedOnce) this.#logger?.warn(fields, message);
    else this.#logger?.debug(fields, `${message} (not ready yet since start)`);
  }
}
