import { describe, expect, it } from 'vitest';
import {
  mentionId,
  MentionPriorityEvent,
  mentionPriorityEventId,
  mentionPriorityKey,
} from './mention-priority.ts';
import { socialMentionKey } from './social-mention.ts';

const mention = {
  platform: 'x',
  postId: '1790',
  author: { handle: 'JaneSmith' },
  text: 'The room was filthy',
  occurredAt: '2026-03-01T10:00:00Z',
};
const component = {
  name: 'priority.value',
  score: 0.5,
  weight: 0.4,
  contribution: 20,
  reasons: ['value 50.0'],
};
const event = {
  eventId: mentionPriorityEventId({
    mentionEventId: '3f1c2a9e-5b7d-8e21-9c4f-0a6b8d2e7f13',
    modelVersion: 'm',
    trigger: 'observed',
  }),
  schemaVersion: 1,
  source: 'scoring',
  mentionId: mentionId('x', '1790'),
  mentionEventId: '3f1c2a9e-5b7d-8e21-9c4f-0a6b8d2e7f13',
  mention,
  brands: ['acme'],
  customer: null,
  trigger: 'observed',
  priority: {
    configVersion: 'default-2026.1',
    score: 40,
    band: 'P3',
    rawBand: 'P3',
    rank: 60,
    influencer: { flag: 'none', online: 0, offline: 0 },
    components: [component],
    capsApplied: [],
    rulesFired: ['intent.complaint'],
    urgency: {
      score: 50,
      components: [component],
      intents: ['complaint'],
      isComplaint: true,
      rulesFired: [],
    },
    influence: {
      score: 0,
      flag: 'none',
      online: { score: 0, components: [] },
      offline: { score: 0, components: [] },
    },
    sourceEventIds: ['3f1c2a9e-5b7d-8e21-9c4f-0a6b8d2e7f13'],
  },
  modelVersion: 'm',
  occurredAt: '2026-03-01T10:00:00Z',
};

describe('scoring.mention-priority.v1', () => {
  it('is keyed like the mention topic, so an author’s posts stay in order', () => {
    const parsed = MentionPriorityEvent.parse(event);
    expect(mentionPriorityKey(parsed)).toBe(
      socialMentionKey({ platform: 'x', author: { handle: 'JaneSmith' } }),
    );
    expect(mentionPriorityKey(parsed)).toBe('x:janesmith');
  });

  it('has one id per observation, customer revision, model and trigger', () => {
    const base = { mentionEventId: event.mentionEventId, modelVersion: 'm', trigger: 'observed' as const };
    const ids = new Set([
      mentionPriorityEventId(base),
      mentionPriorityEventId(base),
      mentionPriorityEventId({ ...base, trigger: 'identity' }),
      mentionPriorityEventId({ ...base, customerId: 'C-1', identityRevision: 1 }),
      mentionPriorityEventId({ ...base, customerId: 'C-1', identityRevision: 2 }),
      mentionPriorityEventId({ ...base, modelVersion: 'n' }),
    ]);
    expect(ids.size).toBe(5);
    expect(mentionId('x', '1790')).toBe(mentionId('x', '1790'));
    expect(mentionId('x', '1790')).not.toBe(mentionId('instagram', '1790'));
  });

  it('refuses a priority out of range and a band that is not one', () => {
    const bad = (priority: object) =>
      MentionPriorityEvent.safeParse({
        ...event,
        priority: { ...event.priority, ...priority },
      }).error?.issues.map((i) => i.path.join('.'));
    expect(bad({ score: 101 })).toEqual(['priority.score']);
    expect(bad({ band: 'P6' })).toEqual(['priority.band']);
    expect(bad({ rank: 0 })).toEqual(['priority.rank']);
  });
});
