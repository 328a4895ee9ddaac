import { z } from 'zod';
import { recordEventId } from '../event-id.ts';
import { CurrencyCode } from '../fields/currency.ts';
import { SourceId } from '../fields/text.ts';
import { IsoDateTime } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';

/** A non-negative decimal amount as a string, so no float ever rounds money: `12.50`. */
export const DecimalAmount = z
  .string()
  .regex(/^\d{1,15}(\.\d{1,6})?$/, { message: 'must be a non-negative decimal such as "12.50"' })
  .describe('Non-negative decimal as a string; the direction is given by `kind`')
  .meta({ examples: ['12.50'] });

export const TransactionChannel = z.enum(['store', 'online', 'app', 'phone']);
export const TransactionKind = z.enum(['purchase', 'refund']);

const transactionFields = {
  transactionId: SourceId.describe('Unique within the program'),
  program: SourceId.describe('Loyalty program id'),
  memberId: SourceId.optional(),
  cardNumber: SourceId.optional().describe('Card presented; the only link when the member id is unknown'),
  storeId: SourceId.optional(),
  channel: TransactionChannel,
  kind: TransactionKind,
  amount: DecimalAmount,
  currency: CurrencyCode,
  itemCount: z.int().min(0).max(100_000).optional(),
  originalTransactionId: SourceId.optional().describe('For a refund: the purchase it refunds'),
  occurredAt: IsoDateTime,
};

/** At least one of memberId and cardNumber: a transaction nobody can be linked to is worthless here. */
export function hasMemberOrCard(value: {
  memberId?: string | undefined;
  cardNumber?: string | undefined;
}): boolean {
  return value.memberId !== undefined || value.cardNumber !== undefined;
}
const memberOrCard = { message: 'needs memberId or cardNumber', path: ['memberId'] };

export function loyaltyTransactionShape<A extends z.ZodType>(amount: A) {
  return { ...transactionFields, amount };
}

/** A purchase or refund as the loyalty system records it (amounts already normalised to strings). */
export const LoyaltyTransactionRecord = z.object(transactionFields).refine(hasMemberOrCard, memberOrCard);
export type LoyaltyTransactionRecord = z.output<typeof LoyaltyTransactionRecord>;

/** Topic `loyalty.transaction.v1` (delete-retention stream). */
export const LoyaltyTransactionEvent = z
  .object({ ...envelopeFields(1), ...transactionFields })
  .refine(hasMemberOrCard, memberOrCard)
  .describe('A loyalty purchase or refund happened');
export type LoyaltyTransactionEvent = z.output<typeof LoyaltyTransactionEvent>;

/**
 * Key: per member, `${program}:${memberId}` (the member topic's key, so a member's profile and
 * transactions land on the same partition number), else `${program}:card:${cardNumber}`.
 */
export function loyaltyTransactionKey(
  event: Pick<LoyaltyTransactionEvent, 'program' | 'memberId' | 'cardNumber'>,
): string {
  if (event.memberId !== undefined) return `${event.program}:${event.memberId}`;
  return `${event.program}:card:${event.cardNumber ?? ''}`;
}

/** The amount signed by direction: refunds negative. Still a string: no float arithmetic on money. */
export function signedAmount(event: Pick<LoyaltyTransactionEvent, 'kind' | 'amount'>): string {
  return event.kind === 'refund' && !/^0+(\.0+)?$/.test(event.amount) ? `-${event.amount}` : event.amount;
}

export function loyaltyTransactionEvent(
  record: LoyaltyTransactionRecord,
  options: { source?: string } = {},
): LoyaltyTransactionEvent {
  const source = options.source ?? 'loyalty';
  // The record first: nothing in it may override the envelope.
  return {
    ...record,
    eventId: recordEventId(['loyalty.transaction.v1', source, record.program, record.transactionId], {
      ...record,
      source,
    }),
    schemaVersion: 1,
    source,
  };
}
