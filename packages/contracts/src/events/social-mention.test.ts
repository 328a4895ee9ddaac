import { describe, expect, it } from 'vitest';
import { SocialAuthorEvent, socialAuthorEvent, socialAuthorKey } from './social-author.ts';
import {
  SocialMentionEvent,
  socialMentionEvent,
  socialMentionKey,
  SocialMentionRecord,
} from './social-mention.ts';

const record = SocialMentionRecord.parse({
  platform: 'instagram',
  postId: 'P-1',
  author: { handle: 'Ana.Travels', displayName: 'Ana', profile: { followers: 48200, verified: false } },
  text: 'Stuck at the gate, @skymiles',
  language: 'en',
  occurredAt: '2025-03-14T07:02:00Z',
  observedAt: '2025-03-14T07:10:00Z',
  replyTo: { postId: 'P-0', authorHandle: 'skymiles' },
  mentionedHandles: ['skymiles'],
  engagement: { likes: 120, replies: 14 },
});
const event = socialMentionEvent(record);

describe('SocialMentionEvent', () => {
  it('builds a valid event; a new observation of the post is a new event', () => {
    expect(SocialMentionEvent.parse(event)).toEqual(event);
    expect(socialMentionEvent(record).eventId).toBe(event.eventId);
    expect(socialMentionEvent({ ...record, observedAt: '2025-03-14T08:00:00Z' }).eventId).not.toBe(
      event.eventId,
    );
  });

  it.each([
    ['a missing author', { author: undefined }],
    ['negative likes', { engagement: { likes: -1 } }],
    ['a string follower count', { author: { handle: 'a', profile: { followers: '10' } } }],
    ['a bad language tag', { language: 'English' }],
    ['a mentioned handle that is not a string', { mentionedHandles: [1] }],
    ['a replyTo without postId', { replyTo: { authorHandle: 'x' } }],
  ])('rejects %s', (_, change) => {
    expect(SocialMentionEvent.safeParse({ ...event, ...change }).success).toBe(false);
  });

  it('keys by author, lowercase, like the author topic', () => {
    expect(socialMentionKey(event)).toBe('instagram:ana.travels');
    expect(socialAuthorKey({ platform: 'instagram', handle: 'ANA.travels' })).toBe(socialMentionKey(event));
  });
});

describe('SocialAuthorEvent', () => {
  it('builds a valid author event from a mention author', () => {
    const author = socialAuthorEvent({
      platform: 'instagram',
      observedAt: '2025-03-14T07:10:00Z',
      ...record.author,
    });
    expect(SocialAuthorEvent.parse(author)).toEqual(author);
    expect(socialAuthorKey(author)).toBe(socialMentionKey(event));
  });

  it('rejects a missing observedAt', () => {
    const author = socialAuthorEvent({
      platform: 'instagram',
      observedAt: '2025-03-14T07:10:00Z',
      ...record.author,
    });
    expect(SocialAuthorEvent.safeParse({ ...author, observedAt: undefined }).success).toBe(false);
  });
});
