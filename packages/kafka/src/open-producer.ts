import type { ServicePort } from '@rapport/service-kit';
import { createKafka, type KafkaOptions, type RapportKafka } from './client.ts';
import { createProducer, type Producer } from './producer.ts';

/**
 * A service's Kafka client and connected producer: readiness pings the broker (`kafka`), shutdown
 * flushes and disconnects the producer. Consumers started after this stop before it.
 */
export async function openProducer(
  options: KafkaOptions,
  service: ServicePort,
): Promise<{ kafka: RapportKafka; producer: Producer }> {
  const kafka = createKafka(options);
  service.readiness.register('kafka', () => kafka.ping());
  const producer = createProducer(kafka);
  service.onStop('kafka-producer', () => producer.disconnect());
  await producer.connect();
  return { kafka, producer };
}
