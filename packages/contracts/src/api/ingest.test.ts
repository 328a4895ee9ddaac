import { describe, expect, it } from 'vitest';
import { deterministicEventId } from '../event-id.ts';
import { HealthResponse, ReadyResponse } from './health.ts';
import { BatchAccepted, BatchItemResult, IngestAccepted } from './ingest.ts';

describe('ingest responses', () => {
  it('accept their documented examples', () => {
    for (const schema of [IngestAccepted, BatchAccepted, HealthResponse, ReadyResponse]) {
      for (const example of schema.meta()?.examples as unknown[])
        expect(schema.safeParse(example).error).toBeUndefined();
    }
  });

  it('answers each batch record by index', () => {
    const eventId = deterministicEventId(['x']);
    expect(BatchItemResult.safeParse({ index: 0, status: 'accepted', eventId }).success).toBe(true);
    expect(BatchItemResult.safeParse({ index: -1, status: 'accepted' }).success).toBe(false);
    expect(BatchItemResult.safeParse({ index: 0, status: 'maybe' }).success).toBe(false);
    expect(
      BatchItemResult.safeParse({ index: 2, status: 'rejected', errors: [{ path: '/a', message: 'm' }] })
        .success,
    ).toBe(false);
  });

  it('rejects an accepted answer without a UUID event id', () => {
    expect(IngestAccepted.safeParse({ status: 'accepted', eventId: 'nope' }).success).toBe(false);
  });
});
