import {
  crmContactPerson,
  deterministicEventId,
  loyaltyMemberPerson,
  personTombstone,
  MessageUnreadable,
  problemErrors,
  socialAuthorPerson,
  topics,
  type EventTopicDef,
  type PersonChange,
  type PersonTopic,
  type StewardDecisionEvent,
} from '@rapport/contracts';
import { deadLetter, type ConsumedMessage, type DeadLetterOutcome } from '@rapport/kafka';
import type { z } from 'zod';
import type { PendingChange } from '../use-cases/apply-changes.ts';
import { rulingChanges } from '../use-cases/steward-decisions.ts';

/** Why a message cannot be resolved: its dead letter's error (no input values, see `MessageUnreadable`). */
export class EventUndecodable extends MessageUnreadable {
  readonly code = 'MATCHER_EVENT_UNDECODABLE';
  override readonly name = 'EventUndecodable';
}

/** The topics the matcher resolves from: people, steward decisions, erasure tombstones. */
export const resolutionTopics = [
  topics.loyaltyMember,
  topics.crmContact,
  topics.socialAuthor,
  topics.identityDecision,
  topics.identityErasure,
] as const;

const personProjection: Record<PersonTopic, (event: never) => PersonChange> = {
  [topics.loyaltyMember.name]: loyaltyMemberPerson,
  [topics.crmContact.name]: crmContactPerson,
  [topics.socialAuthor.name]: socialAuthorPerson,
};

/** Event time per topic: when the source changed the record, or when an erasure was asked for. */
const eventTime = (topic: string, event: Record<string, unknown>): string =>
  String(
    topic === topics.socialAuthor.name
      ? event.observedAt
      : topic === topics.identityErasure.name
        ? event.requestedAt
        : event.updatedAt,
  );

export type Decoded =
  { kind: 'changes'; changes: PendingChange[] } | { kind: 'invalid'; outcome: DeadLetterOutcome };

const invalid = (reason: Parameters<typeof deadLetter>[0], error: EventUndecodable): Decoded => ({
  kind: 'invalid',
  outcome: deadLetter(reason, error),
});

/**
 * One consumed message as the changes it asks of resolution, or its dead letter. A tombstone (null value)
 * on a person topic deletes the record its key names; having no event id, it gets one from its topic, key,
 * partition and offset, so that a redelivery is recognised as well. A decision replaces the pair's earlier
 * ruling (a revocation, then the decision), so the latest ruling per pair stands.
 */
export function decodeMessage(message: ConsumedMessage): Decoded {
  const topic = resolutionTopics.find((t) => t.name === message.topic) as EventTopicDef | undefined;
  if (topic === undefined)
    return invalid('topic_unknown', new EventUndecodable('not a topic the matcher reads'));
  const isPerson = topic.name in personProjection;
  if (message.value === null || message.value.length === 0) {
    if (!isPerson || message.key === null || message.key === '')
      return invalid('empty_value', new EventUndecodable('the message has no value'));
    const origin = {
      eventId: deterministicEventId([
        topic.name,
        'tombstone',
        message.key,
        String(message.partition),
        message.offset,
      ]),
      occurredAt: new Date(Number(message.timestamp)).toISOString(),
    };
    return {
      kind: 'changes',
      changes: [{ change: personTombstone(topic.name as PersonTopic, message.key), origin }],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(message.value.toString('utf8'));
  } catch {
    // The parser's message quotes the bytes, which may be personal data: a fixed text instead.
    return invalid('json_invalid', new EventUndecodable('the value is not valid JSON'));
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== topic.version)
    return invalid(
      'unsupported_version',
      new EventUndecodable(
        `schemaVersion ${typeof version === 'number' ? version : 'missing'}, this matcher reads ${topic.version}`,
      ),
    );
  const parsed = topic.schema.safeParse(value);
  if (!parsed.success) {
    const issues = problemErrors(parsed.error as z.ZodError);
    return invalid('schema_invalid', new EventUndecodable(`${issues.length} invalid fields`, issues));
  }
  const event = parsed.data as Record<string, unknown> & { eventId: string };
  if (message.key !== topic.key(event))
    return invalid('key_invalid', new EventUndecodable("the message key is not the event's key"));
  if (topic.name === topics.identityDecision.name)
    return { kind: 'changes', changes: rulingChanges(event as unknown as StewardDecisionEvent) };
  const origin = { eventId: event.eventId, occurredAt: eventTime(topic.name, event) };
  if (isPerson) {
    const change = personProjection[topic.name as PersonTopic]!(event as never);
    return { kind: 'changes', changes: [{ change, origin }] };
  }
  const request = event as unknown as z.output<typeof topics.identityErasure.schema>;
  return { kind: 'changes', changes: [{ change: { kind: 'erasure-request', request }, origin }] };
}
