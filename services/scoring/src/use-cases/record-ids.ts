import { socialAuthorKey, type LoyaltyTransactionEvent } from '@rapport/contracts';

// Source records are named as the matcher names them in identity.customer.v1 (`${source}:${key}`, the key
// of the record's topic), so scoring folds exactly the records the matcher put in a customer. Cards are
// scoring's own records: a transaction that names only a card counts for the member holding the card.

export function memberRecordId(program: string, memberId: string): string {
  return `loyalty:${program}:${memberId}`;
}

/** Printed card numbers carry spaces or dashes in some sources and not in others: compared without them. */
export function cardRecordId(program: string, cardNumber: string): string {
  return `loyalty:${program}:card:${cardNumber.replace(/[\s-]/g, '')}`;
}

export function contactRecordId(crmId: string): string {
  return `crm:${crmId}`;
}

export function socialRecordId(platform: string, handle: string): string {
  return `social:${socialAuthorKey({ platform, handle })}`;
}

export function isCardRecord(recordId: string): boolean {
  return /^loyalty:[^:]+:card:/.test(recordId);
}

export function isMemberRecord(recordId: string): boolean {
  return recordId.startsWith('loyalty:') && !isCardRecord(recordId);
}

export function transactionRecordId(
  event: Pick<LoyaltyTransactionEvent, 'program' | 'memberId' | 'cardNumber'>,
): string {
  return event.memberId !== undefined
    ? memberRecordId(event.program, event.memberId)
    : cardRecordId(event.program, event.cardNumber ?? '');
}
