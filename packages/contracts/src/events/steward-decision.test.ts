import { describe, expect, it } from 'vitest';
import { ErasureRequestEvent, erasureRequestEventId, erasureRequestKey } from './erasure-request.ts';
import { StewardDecisionEvent, stewardDecisionEventId, stewardDecisionKey } from './steward-decision.ts';

const decision = {
  kind: 'together' as const,
  recordIds: ['crm:0035g0', 'social:x:janesmith'] as [string, string],
  decidedBy: 'care-desk',
  reason: 'confirmed on the phone',
  decidedAt: '2025-03-14T09:30:00Z',
};
const decisionEvent = {
  ...decision,
  eventId: stewardDecisionEventId(decision),
  schemaVersion: 1,
  source: 'matcher',
};

describe('StewardDecisionEvent', () => {
  it('accepts a ruling on an ordered pair and keys it by the pair', () => {
    const parsed = StewardDecisionEvent.parse(decisionEvent);
    expect(stewardDecisionKey(parsed)).toBe('crm:0035g0|social:x:janesmith');
  });

  it.each([
    ['a pair out of order', { recordIds: ['social:x:janesmith', 'crm:0035g0'] }],
    ['the same record twice', { recordIds: ['crm:1', 'crm:1'] }],
    ['an unknown kind', { kind: 'maybe' }],
    ['no decider', { decidedBy: ' ' }],
  ])('rejects %s', (_, change) => {
    expect(StewardDecisionEvent.safeParse({ ...decisionEvent, ...change }).success).toBe(false);
  });

  it('gives a revocation its own event id', () => {
    expect(stewardDecisionEventId({ ...decision, kind: 'revoked' })).not.toBe(decisionEvent.eventId);
    expect(stewardDecisionEventId(decision)).toBe(decisionEvent.eventId);
  });
});

describe('ErasureRequestEvent', () => {
  const subject = { subjectHash: 'a'.repeat(64), subjectKind: 'email' } as const;
  const event = {
    ...subject,
    eventId: erasureRequestEventId(subject),
    schemaVersion: 1,
    source: 'matcher',
    requestedAt: '2025-03-14T09:30:00Z',
  };

  it('carries a hash, never a value, and is keyed by it', () => {
    expect(erasureRequestKey(ErasureRequestEvent.parse(event))).toBe(subject.subjectHash);
    expect(ErasureRequestEvent.safeParse({ ...event, subjectHash: 'jane@example.com' }).success).toBe(false);
  });
});
