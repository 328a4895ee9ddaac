import { Counter, type Registry } from 'prom-client';
import type { IntakeObserver } from './intake.ts';

/** `ingest_records_total{intake, path, outcome}`: records accepted or rejected, per intake path. */
export function intakeMetrics(registry: Registry): IntakeObserver {
  const counter =
    (registry.getSingleMetric('ingest_records_total') as
      Counter<'intake' | 'path' | 'outcome'> | undefined) ??
    new Counter({
      name: 'ingest_records_total',
      help: 'Records answered by the ingest paths (single, batch, ndjson, csv, raw), by outcome',
      labelNames: ['intake', 'path', 'outcome'] as const,
      registers: [registry],
    });
  return {
    records(intake, path, outcome, count) {
      counter.inc({ intake, path, outcome }, count);
    },
  };
}
