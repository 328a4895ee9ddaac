import { describe, expect, it } from 'vitest';
import { CustomerPriorityEvent, customerPriorityEventId, customerPriorityKey } from './customer-priority.ts';

const inputs = { identityRevision: 3, modelVersion: 'priority-2025.03', occurredAt: '2025-03-14T09:31:00Z' };
const event = {
  eventId: customerPriorityEventId('C-9', inputs),
  schemaVersion: 1,
  source: 'scoring',
  customerId: 'C-9',
  ...inputs,
  score: 87.5,
  breakdown: {
    loyaltyValue: 72,
    influence: 91,
    urgency: 95,
    components: [
      { name: 'urgency.complaint', value: 95, weight: 0.4, reasons: ['public complaint 8 minutes ago'] },
    ],
  },
};

describe('CustomerPriorityEvent', () => {
  it('accepts a scored customer with a stable id', () => {
    expect(CustomerPriorityEvent.parse(event).score).toBe(87.5);
    expect(customerPriorityEventId('C-9', inputs)).toBe(event.eventId);
    expect(customerPriorityEventId('C-9', { ...inputs, modelVersion: 'next' })).not.toBe(event.eventId);
  });

  it.each([
    ['a score above 100', { score: 101 }],
    ['a string score', { score: '87' }],
    ['a breakdown without urgency', { breakdown: { loyaltyValue: 1, influence: 1, components: [] } }],
    [
      'a component without reasons',
      { breakdown: { ...event.breakdown, components: [{ name: 'x', value: 1 }] } },
    ],
    ['a missing modelVersion', { modelVersion: undefined }],
  ])('rejects %s', (_, change) => {
    expect(CustomerPriorityEvent.safeParse({ ...event, ...change }).success).toBe(false);
  });

  it('keys by customer id', () => {
    expect(customerPriorityKey(event)).toBe('C-9');
  });
});
