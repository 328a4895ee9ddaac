/** The stable codes of this package's errors: callers and logs match on these, never on messages. */
export const outboxErrorCodes = ['OUTBOX_EVENT_INVALID', 'OUTBOX_EVENT_TOO_LARGE'] as const;
export type OutboxErrorCode = (typeof outboxErrorCodes)[number];

/** Base of the coded errors of the outbox package. Both are bugs of the enqueuing code, thrown before any write. */
export abstract class OutboxError extends Error {
  abstract readonly code: OutboxErrorCode;
}

/** An event given to `enqueue` does not match its topic's schema. `issues` are zod's, without their input. */
export class OutboxEventInvalid extends OutboxError {
  readonly code = 'OUTBOX_EVENT_INVALID';
  readonly topic: string;
  readonly index: number;
  readonly issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[];
  constructor(
    topic: string,
    index: number,
    issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[],
  ) {
    super(`Event ${index} does not match the schema of topic ${topic} (${issues.length} issues)`);
    this.name = 'OutboxEventInvalid';
    this.topic = topic;
    this.index = index;
    // The values themselves stay out: they may be personal data, and errors get logged.
    this.issues = issues.map(({ path, message, code }) => ({ path, message, ...(code ? { code } : {}) }));
  }
}

/** An event's JSON is over what Kafka takes in one message (with room for key and headers). */
export class OutboxEventTooLarge extends OutboxError {
  readonly code = 'OUTBOX_EVENT_TOO_LARGE';
  readonly topic: string;
  readonly index: number;
  readonly bytes: number;
  constructor(topic: string, index: number, bytes: number, limit: number) {
    super(`Event ${index} of topic ${topic} is ${bytes} bytes of JSON, over ${limit}`);
    this.name = 'OutboxEventTooLarge';
    this.topic = topic;
    this.index = index;
    this.bytes = bytes;
  }
}
