import type { Producer as KafkaJsProducer, IHeaders } from 'kafkajs';
import { keyHashPartitioner } from './partitioner.ts';
import type { RapportKafka } from './client.ts';
import { translateKafkaError } from './errors.ts';

export type HeaderValue = Buffer | string;
export type Headers = Record<string, HeaderValue | HeaderValue[] | undefined>;

export interface OutgoingMessage {
  key: string | Buffer | null;
  value: Buffer | string | null;
  headers?: Headers;
}

export interface TopicMessages {
  /** The logical topic name (the client's prefix is applied here). */
  topic: string;
  messages: readonly OutgoingMessage[];
}

export interface Producer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Resolves once every in-sync replica acknowledged; throws `KafkaUnavailable` / `KafkaTopicMissing`. */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /**
   * `send` for several topics at once: one produce request per broker instead of one round trip per
   * topic. Same acknowledgement and errors (`KafkaTopicMissing` names the first topic of the call).
   */
  sendTopics(batches: readonly TopicMessages[]): Promise<void>;
}

export interface ProducerOptions {
  /**
   * Bounds how long a send keeps retrying before failing with KafkaUnavailable. The defaults give up after
   * about 3 s so an HTTP request answers 503 rather than hanging.
   */
  retry?: { retries?: number; initialRetryTime?: number; maxRetryTime?: number };
}

export function createProducer(kafka: RapportKafka, options: ProducerOptions = {}): Producer {
  const producer: KafkaJsProducer = kafka.internal.producer({
    idempotent: true,
    // kafkajs only guarantees idempotent ordering with one request in flight.
    maxInFlightRequests: 1,
    createPartitioner: keyHashPartitioner,
    allowAutoTopicCreation: false,
    retry: { retries: 4, initialRetryTime: 100, maxRetryTime: 1000, ...options.retry },
  });

  let connecting: Promise<void> | undefined;
  const ensureConnected = (): Promise<void> => {
    connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined;
      throw translateKafkaError(error, 'producer connect');
    });
    return connecting;
  };

  // OutgoingMessage is kafkajs's message shape (headers included) and kafkajs only reads it: handed
  // over as is, without a copy per message on the intake's hot path.
  const toKafkaJs = (messages: readonly OutgoingMessage[]) =>
    messages as readonly OutgoingMessage[] as {
      key: OutgoingMessage['key'];
      value: OutgoingMessage['value'];
      headers?: IHeaders;
    }[];

  const send = async (topic: string, messages: readonly OutgoingMessage[]): Promise<void> => {
    if (messages.length === 0) return;
    await ensureConnected();
    const physical = kafka.topicName(topic);
    try {
      await producer.send({ topic: physical, acks: -1, messages: toKafkaJs(messages) });
    } catch (error) {
      throw translateKafkaError(error, 'produce', topic);
    }
  };

  const sendTopics = async (batches: readonly TopicMessages[]): Promise<void> => {
    const nonEmpty = batches.filter((b) => b.messages.length > 0);
    if (nonEmpty.length === 0) return;
    if (nonEmpty.length === 1) return send(nonEmpty[0]!.topic, nonEmpty[0]!.messages);
    await ensureConnected();
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: nonEmpty.map((b) => ({
          topic: kafka.topicName(b.topic),
          messages: toKafkaJs(b.messages),
        })),
      });
    } catch (error) {
      throw translateKafkaError(error, 'produce', nonEmpty[0]!.topic);
    }
  };

  return {
    connect: ensureConnected,
    async disconnect() {
      if (connecting === undefined) return;
      connecting = undefined;
      await producer.disconnect();
    },
    send,
    sendTopics,
  };
}
