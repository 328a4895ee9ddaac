import {
  problemErrors,
  type BatchAccepted,
  type BatchItemResult,
  type ProblemFieldError,
} from '@rapport/contracts';
import type { z } from 'zod';
import type { EventPublisher, TopicEvent } from './event.publisher.ts';

/**
 * One kind of source record: the strict body that validates it and what a valid one becomes.
 * `toEvents` runs the contracts' normaliseX and event builders: lossless, deterministic, no matching.
 */
export interface Intake<S extends z.ZodType = z.ZodType> {
  /** For logs and metrics, e.g. `loyalty-member`. */
  readonly name: string;
  readonly body: S;
  /** The `{ records }` schema with its examples, for OpenAPI (records are validated one by one). */
  readonly batchBody?: z.ZodType;
  toEvents(body: z.output<S>): IntakeEvents;
}

export interface IntakeEvents {
  /** The id of the record's own event, returned to the client. */
  eventId: string;
  /** Every event to publish for it (the record's event first). */
  events: TopicEvent[];
}

/** A batch item before validation: parsed JSON, or why it could not even be parsed. */
export type BatchItem = { ok: true; value: unknown } | { ok: false; errors: ProblemFieldError[] };

export type AcceptOneResult =
  { kind: 'accepted'; eventId: string } | { kind: 'unavailable'; retryAfterSeconds: number };

export type AcceptBatchResult =
  { kind: 'accepted'; answer: BatchAccepted } | { kind: 'unavailable'; retryAfterSeconds: number };

/** Observes intake outcomes (metrics); counts only, never content. */
export interface IntakeObserver {
  records(intake: string, path: string, outcome: 'accepted' | 'rejected', count: number): void;
}

const silent: IntakeObserver = { records: () => {} };

/** A validated record: publish its events and answer only once they are stored. */
export async function acceptOne<S extends z.ZodType>(
  intake: Intake<S>,
  body: z.output<S>,
  publisher: EventPublisher,
  observe: { observer?: IntakeObserver; path?: string } = {},
): Promise<AcceptOneResult> {
  const { eventId, events } = intake.toEvents(body);
  const stored = await publisher.publish(events);
  if (stored.kind === 'unavailable') return stored;
  (observe.observer ?? silent).records(intake.name, observe.path ?? 'single', 'accepted', 1);
  return { kind: 'accepted', eventId };
}

/**
 * Validates each item on its own (one bad record never sinks its batch), publishes the events of the
 * valid ones together, and answers per item. Nothing is reported accepted unless it was stored.
 */
export async function acceptBatch<S extends z.ZodType>(
  intake: Intake<S>,
  items: readonly BatchItem[],
  publisher: EventPublisher,
  observe: { observer?: IntakeObserver; path?: string } = {},
): Promise<AcceptBatchResult> {
  const { results, events } = validateItems(intake, items);
  // The events are built outside this async frame and not referenced after the await, so while the
  // batch waits for Kafka only their messages stay alive (a forEach closure used to hold them).
  if (events.length > 0) {
    const stored = await publisher.publish(events);
    if (stored.kind === 'unavailable') return stored;
  }
  const accepted = results.filter((r) => r.status === 'accepted').length;
  const observer = observe.observer ?? silent;
  const path = observe.path ?? 'batch';
  if (accepted > 0) observer.records(intake.name, path, 'accepted', accepted);
  if (results.length > accepted) observer.records(intake.name, path, 'rejected', results.length - accepted);
  return { kind: 'accepted', answer: { accepted, rejected: results.length - accepted, results } };
}

function validateItems<S extends z.ZodType>(
  intake: Intake<S>,
  items: readonly BatchItem[],
): { results: BatchItemResult[]; events: TopicEvent[] } {
  const results: BatchItemResult[] = [];
  const events: TopicEvent[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    if (!item.ok) {
      results.push({ index, status: 'rejected', errors: item.errors });
      continue;
    }
    const parsed = intake.body.safeParse(item.value);
    if (!parsed.success) {
      results.push({ index, status: 'rejected', errors: problemErrors(parsed.error) });
      continue;
    }
    const built = intake.toEvents(parsed.data);
    for (const event of built.events) events.push(event);
    results.push({ index, status: 'accepted', eventId: built.eventId });
  }
  return { results, events };
}
