/**
 * What a message handler decided. Expected results are values; a thrown error is treated as `retry`
 * (reason `handler_failed`) and, once retries are spent, dead-lettered with that error.
 */
export type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'retry'; readonly reason: string; readonly error?: unknown }
  | { readonly kind: 'deadLetter'; readonly reason: string; readonly error?: unknown }
  | { readonly kind: 'drop'; readonly reason: string };

const okOutcome: Outcome = Object.freeze({ kind: 'ok' });

export const ok = (): Outcome => okOutcome;
/** Transient failure: try the same message again after a backoff; dead-lettered after `maxRetries`. */
export const retry = (reason: string, error?: unknown): Outcome => ({ kind: 'retry', reason, error });
/** The message can never succeed (schema invalid, unknown version): park it in the dead-letter topic. */
export const deadLetter = (reason: string, error?: unknown): Outcome => ({
  kind: 'deadLetter',
  reason,
  error,
});
/** The message is deliberately ignored (duplicate, obsolete): committed and counted, nothing else. */
export const drop = (reason: string): Outcome => ({ kind: 'drop', reason });
