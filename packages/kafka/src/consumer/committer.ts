import { errorFields } from '../errors.ts';
import type { Logger } from '../logger.ts';

export interface Committer {
  /** Commit `offset` soon: beside the handling of the next chunk, never two commits at once. */
  offer(offset: string): void;
  /** Resolves once no commit is pending or on the wire. */
  flush(): Promise<void>;
}

/**
 * Commits of one partition's batch, one at a time, always for the newest offset offered, so a crash
 * redelivers only what was not finished. `mayCommit` is asked before each commit: a batch whose
 * partition was revoked or repositioned (stale) must not commit over its new owner's progress.
 */
export function partitionCommitter(options: {
  commit: (offset: string) => Promise<void>;
  mayCommit: () => boolean;
  log: Logger;
  where: Record<string, unknown>;
}): Committer {
  let pending: string | undefined;
  let inFlight: Promise<void> | undefined;

  const next = (): Promise<void> => {
    if (inFlight) return inFlight;
    if (pending === undefined) return Promise.resolve();
    const offset = pending;
    pending = undefined;
    if (!options.mayCommit()) {
      options.log.info({ ...options.where, offset }, 'kafka offset not committed: partition no longer ours');
      return Promise.resolve();
    }
    inFlight = options
      .commit(offset)
      .catch((error: unknown) => {
        // Not fatal: a later commit covers it, or the message is delivered again (at least once).
        options.log.warn({ ...options.where, offset, ...errorFields(error) }, 'kafka offset commit failed');
      })
      .finally(() => {
        inFlight = undefined;
        // An offset that finished while this commit was on the wire goes next, not after the next chunk.
        if (pending !== undefined) void next();
      });
    return inFlight;
  };

  return {
    offer(offset) {
      pending = offset;
      void next();
    },
    async flush() {
      while (inFlight || pending !== undefined) await next();
    },
  };
}
