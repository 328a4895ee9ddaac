import { OutcomeCountMismatch } from '../errors.ts';
import {
  deadLetter,
  retry,
  type FinalOutcome,
  type Outcome,
  type RetryOutcome,
  type RetryReason,
} from '../outcome.ts';
import { decide, initialChunkState, type RetryPolicy } from './retry-schedule.ts';

/** A message whose outcome is final, with what its dead letter would need. */
export interface Settled<M> {
  readonly item: M;
  readonly outcome: FinalOutcome;
  /** Handler calls this message was part of. */
  readonly attempts: number;
  /** With `retries_exhausted`: the reason of the last `retry`. */
  readonly retryReason?: RetryReason;
}

export interface RetryEvent<M> {
  /** The first message handled again. */
  readonly head: M;
  readonly outcome: RetryOutcome;
  /** How many messages of the chunk are handled again. */
  readonly messages: number;
  /** The head's retry number when it waits alone; 0 while a failing chunk is being halved. */
  readonly retry: number;
  readonly backoffMs: number;
}

/** What the loop needs from the consumer around it (the kafkajs wiring, or plain functions in tests). */
export interface LoopPorts<M> {
  /** One outcome per message, in order. May throw: every message then gets `retry('handler_failed')`. */
  handle(chunk: readonly M[]): Promise<readonly Outcome[]>;
  /** Makes final outcomes durable (dead letters acknowledged) and committable; false if interrupted first. */
  settle(settled: readonly Settled<M>[]): Promise<boolean>;
  retrying(event: RetryEvent<M>): void;
  /** Resolves after `ms`, or sooner when the consumer stops. */
  wait(ms: number): Promise<void>;
  /** False once no further chunk may start (stopping, partition revoked or stale, group rebalancing). */
  canContinue(): boolean;
}

/**
 * Handles one partition's `items` in order, in chunks of up to `policy.maxBatchMessages`, as the
 * retry schedule decides. Returns how many items were settled (a prefix of `items`); the rest stay
 * uncommitted and are delivered again.
 */
export async function runPartitionLoop<M>(
  items: readonly M[],
  policy: RetryPolicy,
  ports: LoopPorts<M>,
): Promise<number> {
  let start = 0;
  let state = initialChunkState(policy);
  const attempts = new Uint32Array(items.length);
  while (start < items.length && ports.canContinue()) {
    const chunk = items.slice(start, start + state.size);
    for (let i = start; i < start + chunk.length; i++) attempts[i]!++;
    const outcomes = await outcomesOf(ports, chunk);
    const firstRetry = firstRetryIndex(outcomes);
    const decision = decide(policy, state, chunk.length, firstRetry);

    const settled: Settled<M>[] = [];
    if (decision.kind === 'exhausted') {
      const last = outcomes[0] as RetryOutcome;
      settled.push({
        item: chunk[0]!,
        outcome: deadLetter('retries_exhausted', last.error),
        attempts: attempts[start]!,
        retryReason: last.reason,
      });
    } else if (decision.kind === 'continue') {
      const count = firstRetry ?? chunk.length;
      for (let i = 0; i < count; i++) {
        settled.push({
          item: chunk[i]!,
          outcome: outcomes[i] as FinalOutcome,
          attempts: attempts[start + i]!,
        });
      }
    }
    if (settled.length > 0 && !(await ports.settle(settled))) break;
    start += settled.length;

    if (firstRetry !== undefined && decision.kind !== 'exhausted') {
      ports.retrying({
        head: chunk[firstRetry]!,
        outcome: outcomes[firstRetry] as RetryOutcome,
        messages: chunk.length - firstRetry,
        retry: decision.kind === 'wait' ? decision.retry : 0,
        backoffMs: decision.kind === 'wait' ? decision.backoffMs : 0,
      });
    }
    if (decision.kind === 'wait') await ports.wait(decision.backoffMs);
    state = decision.state;
  }
  return start;
}

async function outcomesOf<M>(ports: LoopPorts<M>, chunk: readonly M[]): Promise<readonly Outcome[]> {
  let outcomes: readonly Outcome[];
  try {
    outcomes = await ports.handle(chunk);
  } catch (error) {
    return chunk.map(() => retry('handler_failed', error));
  }
  if (outcomes.length === chunk.length) return outcomes;
  const error = new OutcomeCountMismatch(chunk.length, outcomes.length);
  return chunk.map(() => retry('handler_failed', error));
}

function firstRetryIndex(outcomes: readonly Outcome[]): number | undefined {
  const index = outcomes.findIndex((o) => o.kind === 'retry');
  return index < 0 ? undefined : index;
}
