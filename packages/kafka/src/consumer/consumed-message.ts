import type { IHeaders, KafkaMessage } from 'kafkajs';

/** What a handler sees of one Kafka message. */
export interface ConsumedMessage {
  /** Logical topic name (without the client's topic prefix). */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** Broker timestamp, milliseconds since the epoch, as kafkajs gives it (a string). */
  readonly timestamp: string;
}

/** A consumed message and the original bytes its dead letter keeps (the key need not be UTF-8). */
export interface Delivery {
  readonly message: ConsumedMessage;
  readonly rawKey: Buffer | null;
  readonly rawHeaders: IHeaders;
}

export function toDelivery(topic: string, partition: number, raw: KafkaMessage): Delivery {
  const rawHeaders = raw.headers ?? {};
  return {
    message: {
      topic,
      partition,
      offset: raw.offset,
      key: raw.key === null ? null : raw.key.toString('utf8'),
      value: raw.value,
      headers: headersAsText(rawHeaders),
      timestamp: raw.timestamp,
    },
    rawKey: raw.key,
    rawHeaders,
  };
}

const text = (v: Buffer | string): string => (typeof v === 'string' ? v : v.toString('utf8'));

function headersAsText(headers: IHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.filter((v) => v !== undefined).map(text) : text(value);
  }
  return out;
}
