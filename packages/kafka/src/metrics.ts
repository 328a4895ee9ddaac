import { Counter, Histogram, register as globalRegistry, type Registry } from 'prom-client';

export type OutcomeLabel = 'ok' | 'retry' | 'dead_letter' | 'drop';

export interface ConsumerMetrics {
  outcome(group: string, topic: string, outcome: OutcomeLabel, count?: number): void;
  /** One handler call: its duration and how many messages it was given. */
  handlerCall(group: string, topic: string, seconds: number, messages: number): void;
}

// Several consumers in one process share a metric; prom-client refuses a second registration.
function shared<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function consumerMetrics(registry: Registry = globalRegistry): ConsumerMetrics {
  const labelNames = ['group', 'topic'];
  const outcomes = shared(
    registry,
    'rapport_kafka_messages_total',
    () =>
      new Counter({
        name: 'rapport_kafka_messages_total',
        help: 'Messages handled by outcome (retry counts each message handled again)',
        labelNames: [...labelNames, 'outcome'],
        registers: [registry],
      }),
  );
  const durations = shared(
    registry,
    'rapport_kafka_handler_seconds',
    () =>
      new Histogram({
        name: 'rapport_kafka_handler_seconds',
        help: 'Handler time per call (one message, or one batch)',
        labelNames,
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
        registers: [registry],
      }),
  );
  const sizes = shared(
    registry,
    'rapport_kafka_batch_messages',
    () =>
      new Histogram({
        name: 'rapport_kafka_batch_messages',
        help: 'Messages per handler call',
        labelNames,
        buckets: [1, 10, 50, 100, 250, 500, 1000],
        registers: [registry],
      }),
  );
  return {
    outcome: (group, topic, outcome, count = 1) => outcomes.inc({ group, topic, outcome }, count),
    handlerCall: (group, topic, seconds, messages) => {
      durations.observe({ group, topic }, seconds);
      sizes.observe({ group, topic }, messages);
    },
  };
}
