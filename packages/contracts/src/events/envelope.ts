import { z } from 'zod';
import { SourceLabel } from '../fields/text.ts';

/**
 * Fields every event carries. `schemaVersion` equals the topic's major version: a breaking change
 * is a new topic (`.v2`), never a new value here.
 */
export function envelopeFields<V extends number>(schemaVersion: V) {
  return {
    eventId: z
      .uuid()
      .describe('Deterministic id derived from the source record version (see deterministicEventId)'),
    schemaVersion: z.literal(schemaVersion),
    source: SourceLabel,
  };
}
