import { Counter, Histogram, register as globalRegistry, type Registry } from 'prom-client';

export interface ConsumerMetrics {
  outcome(group: string, topic: string, outcome: 'ok' | 'retry' | 'dead_letter' | 'drop'): void;
  handlerSeconds(group: string, topic: string, seconds: number): void;
}

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter {
  // Several consumers in one process share the metric; prom-client refuses a second registration.
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function histogram(registry: Registry, name: string, help: string, labelNames: string[]): Histogram {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram;
  return new Histogram({
    name,
    help,
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
}

export function consumerMetrics(registry: Registry = globalRegistry): ConsumerMetrics {
  const outcomes = counter(
    registry,
    'rapport_kafka_messages_total',
    'Messages handled by outcome (retry counts each retried attempt)',
    ['group', 'topic', 'outcome'],
  );
  const durations = histogram(registry, 'rapport_kafka_handler_seconds', 'Handler time per attempt', [
    'group',
    'topic',
  ]);
  return {
    outcome: (group, topic, outcome) => outcomes.inc({ group, topic, outcome }),
    handlerSeconds: (group, topic, seconds) => durations.observe({ group, topic }, seconds),
  };
}
