import { describe, expect, it } from 'vitest';
import { SocialMentionEvent, socialMentionEvent } from '../events/social-mention.ts';
import { normaliseSocialMention, SocialMentionBatchBody, SocialMentionBody } from './social-mentions.ts';

const body = {
  platform: 'x',
  postId: '1',
  author: { handle: '@Ana', profile: { followers: 10 } },
  occurredAt: '2025-03-14T09:26:53Z',
  replyTo: { postId: '0', authorHandle: '@skymiles' },
  mentionedHandles: ['@skymiles'],
};

describe('SocialMentionBody', () => {
  it('accepts its documented examples', () => {
    for (const example of SocialMentionBody.meta()?.examples as unknown[]) {
      expect(SocialMentionBody.safeParse(example).error).toBeUndefined();
    }
  });

  it.each([
    ['an unknown field', { ...body, sentiment: 'negative' }],
    ['an unknown author field', { ...body, author: { handle: 'a', email: 'a@b.c' } }],
    ['an unknown profile field', { ...body, author: { handle: 'a', profile: { karma: 1 } } }],
    ['an unknown engagement counter', { ...body, engagement: { bookmarks: 1 } }],
    ['a missing postId', { ...body, postId: undefined }],
    ['a fractional like count', { ...body, engagement: { likes: 1.5 } }],
  ])('rejects %s', (_, candidate) => {
    expect(SocialMentionBody.safeParse(candidate).success).toBe(false);
  });

  it('normalises handles without @ and makes a valid event', () => {
    const record = normaliseSocialMention(SocialMentionBody.parse(body));
    expect(record.author.handle).toBe('Ana');
    expect(record.replyTo?.authorHandle).toBe('skymiles');
    expect(record.mentionedHandles).toEqual(['skymiles']);
    expect(SocialMentionEvent.safeParse(socialMentionEvent(record)).success).toBe(true);
  });

  it('batches', () => {
    expect(SocialMentionBatchBody.safeParse({ records: [body] }).success).toBe(true);
  });
});
