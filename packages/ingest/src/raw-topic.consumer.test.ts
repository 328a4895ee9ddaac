import { topics } from '@rapport/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventPublisher, PublishResult, TopicEvent } from './event.publisher.ts';
import type { Intake } from './intake.ts';
import { handleRawBatch } from './raw-topic.consumer.ts';

// A stand-in intake: `{ id }` records, one event each (the publisher below only counts them).
const intake: Intake = {
  name: 'thing',
  body: z.object({ id: z.string().min(1) }).strict(),
  toEvents: (body: { id: string }) => ({
    eventId: body.id,
    events: [{ topic: topics.crmContact, event: { eventId: body.id } } as TopicEvent],
  }),
};
const intakeOf = (topic: string) => (topic === 'raw.things' ? intake : undefined);
const raw = (value: string | null, topic = 'raw.things') => ({
  topic,
  value: value === null ? null : Buffer.from(value),
});

function publisher(answer: () => Promise<PublishResult>) {
  const published: string[][] = [];
  const port: EventPublisher = {
    publish: async (events) => (published.push(events.map((e) => e.event.eventId)), answer()),
  };
  return { port, published };
}

function observer() {
  const counts: Record<string, number> = {};
  return {
    counts,
    records: (_: string, __: string, outcome: string, n: number) => {
      counts[outcome] = (counts[outcome] ?? 0) + n;
    },
  };
}

const batch = [
  raw('{"id":"a"}'),
  raw(''),
  raw('{"id":'),
  raw('{"id":"b","extra":1}'),
  raw('{"id":"c"}'),
  raw('{"id":"d"}', 'raw.unknown'),
];

describe('handleRawBatch', () => {
  it('dead-letters each poison message with its reason and publishes the valid ones together, in order', async () => {
    const { port, published } = publisher(async () => ({ kind: 'stored' }));
    const seen = observer();
    const outcomes = await handleRawBatch(intakeOf, batch, port, seen);
    expect(outcomes.map((o) => (o.kind === 'deadLetter' ? o.reason : o.kind))).toEqual([
      'ok',
      'empty_value',
      'json_invalid',
      'schema_invalid',
      'ok',
      'topic_unknown',
    ]);
    expect(published).toEqual([['a', 'c']]);
    expect(seen.counts).toEqual({ accepted: 2, rejected: 4 });
  });

  it('retries the valid ones while Kafka is unavailable, counting only what is final', async () => {
    const { port } = publisher(async () => ({ kind: 'unavailable', retryAfterSeconds: 5 }));
    const seen = observer();
    const outcomes = await handleRawBatch(intakeOf, [raw(''), ...batch], port, seen);
    expect(outcomes.map((o) => o.kind)).toEqual([
      'deadLetter',
      'retry',
      'deadLetter',
      'deadLetter',
      'deadLetter',
      'retry',
      'deadLetter',
    ]);
    expect(outcomes[1]).toMatchObject({ reason: 'kafka_unavailable' });
    // Everything from the first retry on is handled again: only the leading dead letter is final.
    expect(seen.counts).toEqual({ rejected: 1 });
  });

  it('turns a publish that throws into a retry of the batch, and into a dead letter for a message alone', async () => {
    const { port } = publisher(async () => {
      throw new TypeError('bug');
    });
    const many = await handleRawBatch(intakeOf, batch, port);
    expect(many[0]).toMatchObject({ kind: 'retry', reason: 'handler_failed' });
    const alone = await handleRawBatch(intakeOf, [raw('{"id":"a"}')], port);
    expect(alone).toEqual([expect.objectContaining({ kind: 'deadLetter', reason: 'handler_failed' })]);
  });
});
