import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LoyaltyMemberEvent, loyaltyMemberEvent } from '../events/loyalty-member.ts';
import { LoyaltyMemberBatchBody, LoyaltyMemberBody, normaliseLoyaltyMember } from './loyalty-members.ts';

const examples = LoyaltyMemberBody.meta()?.examples as unknown[];
const body = { memberId: 'M-1', program: 'skymiles', updatedAt: '2025-03-14T10:26:53+01:00' };

describe('LoyaltyMemberBody', () => {
  it('accepts its documented examples', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(LoyaltyMemberBody.safeParse(example).error).toBeUndefined();
  });

  it.each([
    ['an unknown top-level field', { ...body, nickname: 'A' }],
    ['an unknown nested field', { ...body, names: { givn: 'Ana' } }],
    [
      'an unknown field in a list item',
      { ...body, tierHistory: [{ tier: 'gold', since: body.updatedAt, until: 'x' }] },
    ],
    ['a missing program', { memberId: 'M-1', updatedAt: body.updatedAt }],
    ['a number as memberId', { ...body, memberId: 1 }],
    ['a deletion spelled as change', { ...body, change: 'deletion' }],
  ])('rejects %s', (_, candidate) => {
    expect(LoyaltyMemberBody.safeParse(candidate).success).toBe(false);
  });

  it('normalises into a record that makes a valid event', () => {
    const parsed = LoyaltyMemberBody.parse({
      ...body,
      names: { given: ' Jose\u0301 ' },
      handles: [{ platform: 'instagram', handle: '@ana.travels' }],
    });
    const record = normaliseLoyaltyMember(parsed);
    expect(record).toMatchObject({
      names: { given: 'Jos\u00e9' },
      handles: [{ handle: 'ana.travels' }],
      updatedAt: '2025-03-14T09:26:53Z',
    });
    expect(LoyaltyMemberEvent.safeParse(loyaltyMemberEvent(record, { change: record.change })).success).toBe(
      true,
    );
  });

  it('produces a JSON Schema that forbids unknown fields', () => {
    const json = z.toJSONSchema(LoyaltyMemberBody, { io: 'input' }) as Record<string, unknown>;
    expect(json.additionalProperties).toBe(false);
    expect(json.examples).toEqual(examples);
  });
});

describe('LoyaltyMemberBatchBody', () => {
  it('takes 1 to 1000 records and nothing else', () => {
    expect(LoyaltyMemberBatchBody.safeParse({ records: [body] }).success).toBe(true);
    expect(LoyaltyMemberBatchBody.safeParse({ records: [] }).success).toBe(false);
    expect(LoyaltyMemberBatchBody.safeParse({ records: Array(1001).fill(body) }).success).toBe(false);
    expect(LoyaltyMemberBatchBody.safeParse([body]).success).toBe(false);
    expect(LoyaltyMemberBatchBody.safeParse({ records: [body], dryRun: true }).success).toBe(false);
  });
});

describe('LoyaltyMemberBody to event', () => {
  it('lets deleted win over the change the client named', () => {
    const parsed = LoyaltyMemberBody.parse({ ...body, change: 'enrolment', deleted: true });
    const record = normaliseLoyaltyMember(parsed);
    expect(loyaltyMemberEvent(record, { change: record.change }).change).toBe('deletion');
  });
});
