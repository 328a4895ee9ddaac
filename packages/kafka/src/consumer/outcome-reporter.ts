import { deadLetterTopicName } from '@rapport/contracts';
import { errorFields } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { ConsumerMetrics } from '../metrics.ts';
import type { Delivery } from './consumed-message.ts';
import type { RetryEvent, Settled } from './partition-loop.ts';

export interface OutcomeReporter {
  settled(settled: readonly Settled<Delivery>[]): void;
  retrying(event: RetryEvent<Delivery>): void;
}

/**
 * Metrics and one log line per non-ok outcome. Logs name the message by topic, partition and offset
 * and the error by name and code, never by value or message (either may quote personal data).
 */
export function outcomeReporter(log: Logger, metrics: ConsumerMetrics, group: string): OutcomeReporter {
  const where = (d: Delivery) => ({
    group,
    topic: d.message.topic,
    partition: d.message.partition,
    offset: d.message.offset,
  });
  return {
    settled(settled) {
      let ok = 0;
      for (const { item, outcome, attempts, retryReason } of settled) {
        switch (outcome.kind) {
          case 'ok':
            ok++;
            break;
          case 'drop':
            metrics.outcome(group, item.message.topic, 'drop');
            log.info({ ...where(item), reason: outcome.reason }, 'kafka message dropped');
            break;
          case 'deadLetter':
            metrics.outcome(group, item.message.topic, 'dead_letter');
            log.warn(
              {
                ...where(item),
                reason: outcome.reason,
                ...(retryReason ? { retryReason } : {}),
                attempts,
                deadLetterTopic: deadLetterTopicName(item.message.topic),
                ...errorFields(outcome.error),
              },
              'kafka message dead-lettered',
            );
        }
      }
      if (ok > 0) metrics.outcome(group, settled[0]!.item.message.topic, 'ok', ok);
    },
    retrying({ head, outcome, messages, retry, backoffMs }) {
      metrics.outcome(group, head.message.topic, 'retry', messages);
      log.warn(
        { ...where(head), reason: outcome.reason, messages, retry, backoffMs, ...errorFields(outcome.error) },
        'kafka message retry',
      );
    },
  };
}
