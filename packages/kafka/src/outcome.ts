import type { DeadLetterReason } from '@rapport/contracts';

/**
 * Why a message is tried again: transient conditions only (a bug is a dead letter, not a retry).
 * `handler_failed` is what the consumer gives a handler that threw. A closed list keeps log fields and
 * dashboards comparable across services; a new reason is added here.
 */
export const retryReasons = [
  'handler_failed',
  'kafka_unavailable',
  'database_unavailable',
  'redis_unavailable',
  'transaction_conflict',
] as const;
export type RetryReason = (typeof retryReasons)[number];

/** Why a message is deliberately ignored. */
export const dropReasons = ['duplicate', 'obsolete', 'tombstone', 'irrelevant'] as const;
export type DropReason = (typeof dropReasons)[number];

export interface OkOutcome {
  readonly kind: 'ok';
}
export interface RetryOutcome {
  readonly kind: 'retry';
  readonly reason: RetryReason;
  readonly error?: unknown;
}
export interface DeadLetterOutcome {
  readonly kind: 'deadLetter';
  /** The reasons of the fleet's dead-letter convention (`@rapport/contracts`). */
  readonly reason: DeadLetterReason;
  readonly error?: unknown;
}
export interface DropOutcome {
  readonly kind: 'drop';
  readonly reason: DropReason;
}

/**
 * What a handler decided for one message. Expected results are values; a handler that throws gets
 * `retry('handler_failed', error)` for every message it was given.
 */
export type Outcome = OkOutcome | RetryOutcome | DeadLetterOutcome | DropOutcome;
/** An outcome after which the message is done and its offset may be committed. */
export type FinalOutcome = Exclude<Outcome, RetryOutcome>;

const okOutcome: OkOutcome = Object.freeze({ kind: 'ok' });

/** Handled (and, for a batch handler, stored by the batch's transaction). */
export const ok = (): OkOutcome => okOutcome;
/** Transient failure: try again after a backoff; dead-lettered as `retries_exhausted` after `maxRetries`. */
export const retry = (reason: RetryReason, error?: unknown): RetryOutcome => ({
  kind: 'retry',
  reason,
  error,
});
/** The message can never succeed (schema invalid, unknown version): park it in the dead-letter topic. */
export const deadLetter = (reason: DeadLetterReason, error?: unknown): DeadLetterOutcome => ({
  kind: 'deadLetter',
  reason,
  error,
});
/** The message is deliberately ignored (duplicate, obsolete): committed and counted, nothing else. */
export const drop = (reason: DropReason): DropOutcome => ({ kind: 'drop', reason });
