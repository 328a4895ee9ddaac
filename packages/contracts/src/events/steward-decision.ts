import { z } from 'zod';
import { deterministicEventId } from '../event-id.ts';
import { RecordId, nonBlank } from '../fields/text.ts';
import { IsoDateTime } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';

export const StewardDecisionKind = z.enum(['together', 'apart', 'revoked']);
export type StewardDecisionKind = z.output<typeof StewardDecisionKind>;

/**
 * Topic `identity.decision.v1` (compacted): a data steward's ruling on two records, published by the
 * matcher's API through its outbox and consumed by the matcher's resolution, so that decisions survive a
 * rebuild of the matcher's state from the topics. One key per pair: `revoked` replaces the pair's earlier
 * ruling, and compaction keeps the pair's latest state.
 */
export const StewardDecisionEvent = z
  .object({
    ...envelopeFields(1),
    kind: StewardDecisionKind.describe('together: the same person; apart: not; revoked: neither any more'),
    recordIds: z
      .tuple([RecordId, RecordId])
      .refine(([a, b]) => a < b, { message: 'must be two different record ids in ascending order' })
      .describe('The two records (`${source}:${sourceRecordId}`), ascending'),
    decidedBy: nonBlank(200).describe('Who decided: the API key name or the steward'),
    reason: nonBlank(2000).optional().describe("Why, in the steward's words (no personal data)"),
    decidedAt: IsoDateTime,
  })
  .describe('A data steward ruled that two records are, or are not, the same person, or revoked that');
export type StewardDecisionEvent = z.output<typeof StewardDecisionEvent>;
export type StewardDecisionInput = z.input<typeof StewardDecisionEvent>;

/** Key: per pair, the two record ids joined by `|` in ascending order. */
export function stewardDecisionKey(event: Pick<StewardDecisionEvent, 'recordIds'>): string {
  return `${event.recordIds[0]}|${event.recordIds[1]}`;
}

/** One event id per ruling on a pair at a time: a replay of the same ruling is recognised. */
export function stewardDecisionEventId(
  event: Pick<StewardDecisionEvent, 'kind' | 'recordIds' | 'decidedAt'>,
  source = 'matcher',
): string {
  return deterministicEventId([
    'identity.decision.v1',
    source,
    event.kind,
    event.recordIds[0],
    event.recordIds[1],
    event.decidedAt,
  ]);
}
