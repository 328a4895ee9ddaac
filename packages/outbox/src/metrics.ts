import { Counter, Gauge, Histogram, register as globalRegistry, type Registry } from 'prom-client';

export interface RelayMetrics {
  published(topic: string, rows: number): void;
  batch(seconds: number): void;
  recovered(rows: number): void;
  error(stage: 'postgres' | 'kafka'): void;
  active(on: boolean): void;
  lag(rows: number, seconds: number): void;
}

type Kind = typeof Counter | typeof Gauge | typeof Histogram;

/**
 * The metric `name` of `registry`, made on first use: several relays in one process (tests, a service with
 * two outboxes) share each metric, and prom-client refuses a second registration of a name.
 */
function shared<K extends Kind>(
  registry: Registry,
  Metric: K,
  name: string,
  help: string,
  labelNames: string[],
  extra: object = {},
): InstanceType<K> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as InstanceType<K>;
  return new Metric({ name, help, labelNames, registers: [registry], ...extra }) as InstanceType<K>;
}

/** The relay's counters and gauges, labelled by outbox table. */
export function relayMetrics(table: string, registry: Registry = globalRegistry): RelayMetrics {
  const labels = ['outbox'];
  const published = shared(
    registry,
    Counter,
    'rapport_outbox_published_total',
    'Outbox rows published to Kafka (committed transactions)',
    ['outbox', 'topic'],
  );
  const batches = shared(
    registry,
    Histogram,
    'rapport_outbox_batch_seconds',
    'One batch: Kafka transaction committed, rows deleted',
    labels,
    { buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] },
  );
  const recovered = shared(
    registry,
    Counter,
    'rapport_outbox_recovered_total',
    'Rows found already published on taking over (a predecessor crashed before deleting them); deleted, not sent again',
    labels,
  );
  const errors = shared(
    registry,
    Counter,
    'rapport_outbox_errors_total',
    'Relay failures by stage; the relay backs off and resumes',
    ['outbox', 'stage'],
  );
  const active = shared(
    registry,
    Gauge,
    'rapport_outbox_relay_active',
    '1 while this process holds the outbox lock and publishes',
    labels,
  );
  const lagRows = shared(
    registry,
    Gauge,
    'rapport_outbox_lag_rows',
    'Committed outbox rows not yet published',
    labels,
  );
  const lagSeconds = shared(
    registry,
    Gauge,
    'rapport_outbox_lag_seconds',
    'Age of the oldest unpublished outbox row',
    labels,
  );
  const outbox = { outbox: table };
  return {
    published: (topic, rows) => published.inc({ outbox: table, topic }, rows),
    batch: (seconds) => batches.observe(outbox, seconds),
    recovered: (rows) => recovered.inc(outbox, rows),
    error: (stage) => errors.inc({ outbox: table, stage }),
    active: (on) => active.set(outbox, on ? 1 : 0),
    lag: (rows, seconds) => {
      lagRows.set(outbox, rows);
      lagSeconds.set(outbox, seconds);
    },
  };
}
