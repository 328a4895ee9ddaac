import { describe, expect, it } from 'vitest';
import { CrmContactEvent, crmContactEvent, crmContactKey, CrmContactRecord } from './crm-contact.ts';

const record = CrmContactRecord.parse({
  crmId: '0035g0',
  names: { given: 'Ana', family: 'Souza' },
  emails: [{ address: 'a.souza@northwind.example', type: 'work' }],
  phones: [{ number: '+44 117 496 0123', type: 'work' }],
  addresses: [{ type: 'work', line1: '1 Temple Quay', country: 'GB' }],
  company: 'Northwind',
  decisionMaker: true,
  decisionScopes: ['travel'],
  loyaltyCards: [{ program: 'skymiles', number: '6007' }],
  consent: { email: true },
  optOuts: ['sms'],
  updatedAt: '2025-03-12T15:40:00Z',
});
const event = crmContactEvent(record);

describe('CrmContactEvent', () => {
  it('builds a valid event with a deterministic id', () => {
    expect(CrmContactEvent.parse(event)).toEqual(event);
    expect(event.source).toBe('crm');
    expect(crmContactEvent(record).eventId).toBe(event.eventId);
  });

  it.each([
    ['a missing crmId', { crmId: undefined }],
    ['an email without address', { emails: [{ type: 'work' }] }],
    ['an unknown phone type', { phones: [{ number: '1', type: 'fax' }] }],
    ['a lowercase country', { addresses: [{ country: 'gb' }] }],
    ['a string decisionMaker', { decisionMaker: 'yes' }],
    ['an unknown opt-out channel', { optOuts: ['pigeon'] }],
    ['a card without program', { loyaltyCards: [{ number: '6007' }] }],
  ])('rejects %s', (_, change) => {
    expect(CrmContactEvent.safeParse({ ...event, ...change }).success).toBe(false);
  });

  it('keys by CRM id', () => {
    expect(crmContactKey(event)).toBe('0035g0');
  });
});
