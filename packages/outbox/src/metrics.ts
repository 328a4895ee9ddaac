import { Counter, Gauge, Histogram, register as globalRegistry, type Registry } from 'prom-client';

export interface RelayMetrics {
  published(topic: string, rows: number): void;
  batch(seconds: number): void;
  recovered(rows: number): void;
  error(stage: 'postgres' | 'kafka'): void;
  active(on: boolean): void;
  lag(rows: number, seconds: number): void;
}

// Several relays in one process (tests, a service with two outboxes) share each metric; prom-client refuses
// a second registration of a name.
function metric<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** The relay's counters and gauges, labelled by outbox table. */
export function relayMetrics(table: string, registry: Registry = globalRegistry): RelayMetrics {
  const registers = [registry];
  const labelNames = ['outbox'];
  const published = metric(
    registry,
    'rapport_outbox_published_total',
    () =>
      new Counter({
        name: 'rapport_outbox_published_total',
        help: 'Outbox rows published to Kafka (committed transactions)',
        labelNames: ['outbox', 'topic'],
        registers,
      }),
  );
  const batches = metric(
    registry,
    'rapport_outbox_batch_seconds',
    () =>
      new Histogram({
        name: 'rapport_outbox_batch_seconds',
        help: 'One batch: read from the outbox, Kafka transaction committed, rows deleted',
        labelNames,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
        registers,
      }),
  );
  const recovered = metric(
    registry,
    'rapport_outbox_recovered_total',
    () =>
      new Counter({
        name: 'rapport_outbox_recovered_total',
        help: 'Rows found already published on taking over (a predecessor crashed before deleting them); deleted, not sent again',
        labelNames,
        registers,
      }),
  );
  const errors = metric(
    registry,
    'rapport_outbox_errors_total',
    () =>
      new Counter({
        name: 'rapport_outbox_errors_total',
        help: 'Relay failures by stage; the relay backs off and resumes',
        labelNames: ['outbox', 'stage'],
        registers,
      }),
  );
  const active = metric(
    registry,
    'rapport_outbox_relay_active',
    () =>
      new Gauge({
        name: 'rapport_outbox_relay_active',
        help: '1 while this process holds the outbox lock and publishes',
        labelNames,
        registers,
      }),
  );
  const lagRows = metric(
    registry,
    'rapport_outbox_lag_rows',
    () =>
      new Gauge({
        name: 'rapport_outbox_lag_rows',
        help: 'Committed outbox rows not yet published',
        labelNames,
        registers,
      }),
  );
  const lagSeconds = metric(
    registry,
    'rapport_outbox_lag_seconds',
    () =>
      new Gauge({
        name: 'rapport_outbox_lag_seconds',
        help: 'Age of the oldest unpublished outbox row',
        labelNames,
        registers,
      }),
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
