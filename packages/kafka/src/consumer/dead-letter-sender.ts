import { deadLetterError, deadLetterRecord, deadLetterTopicName } from '@rapport/contracts';
import { errorFields } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { OutgoingMessage, Producer } from '../producer.ts';
import type { Delivery } from './consumed-message.ts';
import type { Settled } from './partition-loop.ts';
import { backoffMs, type RetryPolicy } from './retry-schedule.ts';

export interface DeadLetterSender {
  /**
   * Sends the dead letters among `settled` (all from one partition) and resolves true once the broker
   * acknowledged them; while it cannot, tries again with backoff, and gives up (false) only when the
   * loop may not continue (stopping, revoked): those messages then stay uncommitted.
   */
  send(
    settled: readonly Settled<Delivery>[],
    loop: { canContinue(): boolean; wait(ms: number): Promise<void> },
  ): Promise<boolean>;
}

export function deadLetterSender(options: {
  producer: Producer;
  group: string;
  policy: RetryPolicy;
  log: Logger;
  now?: () => Date;
}): DeadLetterSender {
  const now = options.now ?? (() => new Date());

  const record = ({ item, outcome, attempts, retryReason }: Settled<Delivery>): OutgoingMessage => {
    if (outcome.kind !== 'deadLetter') throw new TypeError('not a dead letter');
    const { message, rawKey, rawHeaders } = item;
    const ts = Number(message.timestamp);
    const { value, headers } = deadLetterRecord({
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: rawKey,
      value: message.value,
      headers: rawHeaders,
      ...(Number.isFinite(ts) ? { timestamp: new Date(ts).toISOString() } : {}),
      reason: outcome.reason,
      ...(retryReason ? { retryReason } : {}),
      error: deadLetterError(outcome.error, retryReason ?? outcome.reason),
      attempts,
      service: options.group,
      failedAt: now().toISOString(),
    });
    return { key: rawKey, value, headers };
  };

  return {
    async send(settled, loop) {
      const letters = settled.filter((s) => s.outcome.kind === 'deadLetter');
      if (letters.length === 0) return true;
      const first = letters[0]!.item.message;
      const topic = deadLetterTopicName(first.topic);
      const messages = letters.map(record);
      for (let attempt = 1; ; attempt++) {
        try {
          await options.producer.send(topic, messages);
          return true;
        } catch (error) {
          const wait = backoffMs(options.policy, attempt);
          options.log.warn(
            {
              group: options.group,
              topic: first.topic,
              partition: first.partition,
              deadLetters: letters.length,
              attempt,
              backoffMs: wait,
              ...errorFields(error),
            },
            'kafka dead letters not acknowledged; trying again',
          );
          if (!loop.canContinue()) return false;
          await loop.wait(wait);
          if (!loop.canContinue()) return false;
        }
      }
    },
  };
}
