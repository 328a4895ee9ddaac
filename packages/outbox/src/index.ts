export {
  defineOutbox,
  MAX_EVENT_CHARS,
  type Outbox,
  type OutboxOptions,
  type EnqueueOptions,
  type SqlClient,
} from './outbox.ts';
export { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay.ts';
export { outboxMigrationsDir } from './migrations.ts';
export {
  OutboxError,
  OutboxEventInvalid,
  OutboxEventTooLarge,
  outboxErrorCodes,
  type OutboxErrorCode,
} from './errors.ts';
