import {
  crmContactTopic,
  identityCustomerTopic,
  loyaltyMemberTopic,
  loyaltyTransactionTopic,
  MessageUnreadable,
  OBSERVED_WITH_MENTION_HEADER,
  problemErrors,
  socialAuthorTopic,
  socialMentionTopic,
  type CrmContactEvent,
  type IdentityChangeEvent,
  type LoyaltyMemberEvent,
  type LoyaltyTransactionEvent,
  type SocialAuthorEvent,
  type SocialMentionEvent,
} from '@rapport/contracts';
import { deadLetter, drop, type ConsumedMessage, type Outcome } from '@rapport/kafka';

/** What scoring consumes, decoded and validated. A tombstone on a person topic erases that record. */
export type ScoringEvent =
  | { kind: 'transaction'; eventId: string; event: LoyaltyTransactionEvent; amountMinor: number }
  | { kind: 'member'; eventId: string; event: LoyaltyMemberEvent }
  | { kind: 'contact'; eventId: string; event: CrmContactEvent }
  | { kind: 'author'; eventId: string; event: SocialAuthorEvent }
  | { kind: 'mention'; eventId: string; event: SocialMentionEvent }
  | { kind: 'identity'; eventId: string; event: IdentityChangeEvent }
  | { kind: 'erase'; eventId?: undefined; recordId: string }
  | { kind: 'identity-tombstone'; eventId?: undefined; customerId: string };

export const consumedTopics = [
  loyaltyTransactionTopic,
  loyaltyMemberTopic,
  crmContactTopic,
  socialAuthorTopic,
  socialMentionTopic,
  identityCustomerTopic,
] as const;

/** Why a message cannot be scored: its dead letter's error (no input values, see `MessageUnreadable`). */
export class EventInvalid extends MessageUnreadable {
  readonly code = 'SCORING_EVENT_INVALID';
  override readonly name = 'EventInvalid';
}

const fractionDigits = new Map<string, number>();

/** Minor units of a currency (2 for EUR, 0 for JPY, 3 for KWD), from the runtime's ICU data. */
function minorDigits(currency: string): number {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits!;
    fractionDigits.set(currency, digits);
  }
  return digits;
}

/**
 * A decimal amount string in integer minor units of its currency, exactly (no float arithmetic on the
 * digits), rounded half up past the currency's digits; undefined when it would not be a safe integer.
 */
export function toMinorUnits(amount: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = amount.split('.');
  const kept = fraction.padEnd(digits, '0').slice(0, digits);
  const roundUp = (fraction[digits] ?? '0') >= '5' ? 1 : 0;
  const minor = Number(whole) * 10 ** digits + Number(kept || '0') + roundUp;
  return Number.isSafeInteger(minor) ? minor : undefined;
}

const bad = (reason: 'empty_value' | 'json_invalid' | 'schema_invalid' | 'topic_unknown', message: string) =>
  ({ outcome: deadLetter(reason, new EventInvalid(message)) }) as const;

/** One consumed message as a scoring event, or the outcome that parks it (never a throw). */
export function decodeEvent(message: ConsumedMessage): { event: ScoringEvent } | { outcome: Outcome } {
  const topic = consumedTopics.find((t) => t.name === message.topic);
  if (topic === undefined) return bad('topic_unknown', `scoring does not consume ${message.topic}`);
  if (message.value === null || message.value.length === 0) {
    // A tombstone under a person's key erases that record; under a customer's key, the customer.
    const key = message.key ?? '';
    if (key !== '' && topic.cleanupPolicy === 'compact') {
      if (topic === identityCustomerTopic) return { event: { kind: 'identity-tombstone', customerId: key } };
      const recordId =
        topic === loyaltyMemberTopic
          ? `loyalty:${key}`
          : topic === crmContactTopic
            ? `crm:${key}`
            : `social:${key}`;
      return { event: { kind: 'erase', recordId } };
    }
    return bad('empty_value', 'the message has no value');
  }
  // An author seen on a mention: the mention event applies the same observation (observePost), so this
  // one would only rescore the customer a second time (or change nothing, when the mention came first).
  if (topic === socialAuthorTopic && message.headers[OBSERVED_WITH_MENTION_HEADER] !== undefined)
    return { outcome: drop('duplicate') };
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch {
    // The parser's message quotes the bytes, which may be personal data: a fixed text instead.
    return bad('json_invalid', 'the value is not valid JSON');
  }
  const parsed = topic.schema.safeParse(json);
  if (!parsed.success) {
    const issues = problemErrors(parsed.error);
    return {
      outcome: deadLetter('schema_invalid', new EventInvalid(`${issues.length} invalid fields`, issues)),
    };
  }
  const event = typed(topic.name, parsed.data);
  return event === undefined ? bad('schema_invalid', 'the amount is too large for its currency') : { event };
}

function typed(topic: string, data: unknown): ScoringEvent | undefined {
  switch (topic) {
    case loyaltyTransactionTopic.name: {
      const event = data as LoyaltyTransactionEvent;
      const amountMinor = toMinorUnits(event.amount, event.currency);
      return amountMinor === undefined
        ? undefined
        : { kind: 'transaction', eventId: event.eventId, event, amountMinor };
    }
    case loyaltyMemberTopic.name: {
      const event = data as LoyaltyMemberEvent;
      return { kind: 'member', eventId: event.eventId, event };
    }
    case crmContactTopic.name: {
      const event = data as CrmContactEvent;
      return { kind: 'contact', eventId: event.eventId, event };
    }
    case socialAuthorTopic.name: {
      const event = data as SocialAuthorEvent;
      return { kind: 'author', eventId: event.eventId, event };
    }
    case socialMentionTopic.name: {
      const event = data as SocialMentionEvent;
      return { kind: 'mention', eventId: event.eventId, event };
    }
    default: {
      const event = data as IdentityChangeEvent;
      return { kind: 'identity', eventId: event.eventId, event };
    }
  }
}
