import { KafkaTopicMissing, KafkaUnavailable, type OutgoingMessage, type Producer } from '@rapport/kafka';
import type { EventTopicDef } from '@rapport/contracts';

/** One canonical event and the registry topic it goes to (which names and keys it). */
export interface TopicEvent {
  readonly topic: EventTopicDef;
  readonly event: { readonly eventId: string };
  /** Kafka headers of its message (text values; never personal data). */
  readonly headers?: Readonly<Record<string, string>>;
}

export type PublishResult = { kind: 'stored' } | { kind: 'unavailable'; retryAfterSeconds: number };

/** Port: stores events durably; `stored` only once every in-sync replica acknowledged them. */
export interface EventPublisher {
  publish(events: readonly TopicEvent[]): Promise<PublishResult>;
}

interface PublisherLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Tells a client when to come back after an outage: a broker restart takes a few seconds. */
export const KAFKA_RETRY_AFTER_SECONDS = 5;

const STORED: PublishResult = { kind: 'stored' };

// One produce request carries at most this many messages from waiting callers (a caller's events
// are never split): large enough to amortise the round trip, small enough to stay far below the
// broker's request and record-batch limits.
const MAX_GROUP_MESSAGES = 5000;

interface Waiting {
  byTopic: Map<string, OutgoingMessage[]>;
  size: number;
  done: (result: PublishResult | Error) => void;
}

/**
 * The Kafka adapter of EventPublisher, with group commit: the idempotent producer has one request
 * in flight, so callers that arrive while a send is on the wire wait and go together in the next
 * one, in arrival order (per-key order holds). Each caller is answered when the send carrying its
 * events was acknowledged (acks -1), or told `unavailable` when it failed; events of one caller are
 * deduplicated by eventId (one request can carry the same author twice).
 *
 * Events are not validated again here: they come from the contracts' builders applied to strictly
 * validated bodies, and a second zod pass per event cost a quarter of the intake throughput. They
 * are named and keyed through the registry (`topic.name`, `topic.key`).
 */
export function kafkaEventPublisher(producer: Producer, logger: PublisherLogger): EventPublisher {
  let queue: Waiting[] = [];
  let flushing = false;

  const take = (): Waiting[] => {
    let size = 0;
    let count = 0;
    while (count < queue.length && (count === 0 || size + queue[count]!.size <= MAX_GROUP_MESSAGES)) {
      size += queue[count]!.size;
      count++;
    }
    const group = queue.slice(0, count);
    queue = queue.slice(count);
    return group;
  };

  const flush = async (): Promise<void> => {
    flushing = true;
    try {
      while (queue.length > 0) {
        const group = take();
        // Every topic of the group goes in one produce request: a social mention and its author
        // cost one round trip, not one per topic.
        const merged = new Map<string, OutgoingMessage[]>();
        for (const waiting of group) {
          for (const [topic, messages] of waiting.byTopic) {
            const list = merged.get(topic);
            if (list === undefined) merged.set(topic, messages);
            else for (const message of messages) list.push(message);
          }
        }
        let result: PublishResult | Error = STORED;
        try {
          await producer.sendTopics([...merged].map(([topic, messages]) => ({ topic, messages })));
        } catch (error) {
          if (error instanceof KafkaUnavailable || error instanceof KafkaTopicMissing) {
            logger.warn(
              { errorName: error.name, topics: [...merged.keys()], requests: group.length },
              'publish failed: kafka unavailable',
            );
            result = { kind: 'unavailable', retryAfterSeconds: KAFKA_RETRY_AFTER_SECONDS };
          } else {
            result = error instanceof Error ? error : new Error(String(error));
          }
        }
        for (const waiting of group) waiting.done(result);
      }
    } finally {
      flushing = false;
    }
  };

  return {
    publish(events) {
      const byTopic = new Map<string, OutgoingMessage[]>();
      const seen = new Set<string>();
      for (const { topic, event, headers } of events) {
        const id = `${topic.name}\n${event.eventId}`;
        if (seen.has(id)) continue;
        seen.add(id);
        let list = byTopic.get(topic.name);
        if (!list) byTopic.set(topic.name, (list = []));
        list.push({
          key: topic.key(event),
          value: JSON.stringify(event),
          ...(headers !== undefined && { headers: { ...headers } }),
        });
      }
      return new Promise<PublishResult>((resolve, reject) => {
        queue.push({
          byTopic,
          size: seen.size,
          done: (result) => (result instanceof Error ? reject(result) : resolve(result)),
        });
        if (!flushing) void flush();
      });
    },
  };
}
