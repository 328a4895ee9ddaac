/**
 * When a chunk of messages is handled again. Pure: the consumer's loop applies the decisions.
 *
 * - A chunk whose outcomes hold no `retry` is done; the next chunk may be twice as large (up to the max).
 * - Outcomes before the first `retry` are final; from the first `retry` on, the messages are handled
 *   again in order (the handler is idempotent, so what it stored of them is absorbed), which keeps
 *   per-partition order.
 * - A `retry` at the head of a chunk of several messages halves the chunk at once: one message that
 *   fails its whole batch (a transaction that throws) is isolated in about log2(size) attempts, and
 *   the others go through.
 * - A `retry` of a chunk of one waits `initial * 2^(n-1)` ms (capped) before retry n; after
 *   `maxRetries` retries the message is exhausted (the caller dead-letters it as `retries_exhausted`).
 */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** 1 for a single-message handler. */
  readonly maxBatchMessages: number;
}

export interface ChunkState {
  /** Messages in the next handler call. */
  readonly size: number;
  /** Retries the head message already had alone. */
  readonly headRetries: number;
}

export type ChunkDecision =
  /** Settle the outcomes before the first retry (all of them without one) and handle the rest at once. */
  | { readonly kind: 'continue'; readonly state: ChunkState }
  /** The head, alone, is retried after `backoffMs` (its retry number `retry`). */
  | { readonly kind: 'wait'; readonly retry: number; readonly backoffMs: number; readonly state: ChunkState }
  /** The head, alone, has spent its retries. */
  | { readonly kind: 'exhausted'; readonly state: ChunkState };

export const initialChunkState = (policy: RetryPolicy): ChunkState => ({
  size: policy.maxBatchMessages,
  headRetries: 0,
});

/** Backoff before retry `retry` (1-based): exponential from `initialBackoffMs`, capped at `maxBackoffMs`. */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.min(retry - 1, 30));
}

/**
 * The decision after a handler call on `chunkLength` messages whose first `retry` outcome is at
 * `firstRetry` (undefined: none).
 */
export function decide(
  policy: RetryPolicy,
  state: ChunkState,
  chunkLength: number,
  firstRetry: number | undefined,
): ChunkDecision {
  if (firstRetry === undefined) {
    return {
      kind: 'continue',
      state: { size: Math.min(policy.maxBatchMessages, state.size * 2), headRetries: 0 },
    };
  }
  if (firstRetry > 0) return { kind: 'continue', state: { size: state.size, headRetries: 0 } };
  if (chunkLength > 1)
    return { kind: 'continue', state: { size: Math.ceil(chunkLength / 2), headRetries: 0 } };
  const retry = state.headRetries + 1;
  if (retry > policy.maxRetries) return { kind: 'exhausted', state: { size: 1, headRetries: 0 } };
  return { kind: 'wait', retry, backoffMs: backoffMs(policy, retry), state: { size: 1, headRetries: retry } };
}
