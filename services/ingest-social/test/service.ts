import { rawSocialMentionsTopic, socialAuthorTopic, socialMentionTopic } from '@rapport/contracts';
import { startTestService, TEST_API_KEY, type KafkaFixture, type RedisFixture } from '@rapport/testing';
import { ingestSocial } from '../src/server.ts';

export const auth = { 'x-api-key': TEST_API_KEY };
export const json = { ...auth, 'content-type': 'application/json' };

const topics = [socialMentionTopic, socialAuthorTopic, rawSocialMentionsTopic];

/** ingest-social on this test's topic prefix, group and Redis prefix, plus a reader of its topics. */
export async function startSocial(
  kafka: KafkaFixture,
  redis: RedisFixture,
  env: Record<string, string> = {},
) {
  return startTestService(ingestSocial, { kafka, redis }, { topics, env });
}
export const mention = {
  platform: 'instagram',
  postId: '3301928374650',
  author: {
    handle: '@Ana.Travels',
    displayName: 'Ana Souza',
    profile: { followers: 48200, verified: false },
  },
  text: 'Stuck at the gate for 3 hours, @skymiles any help?',
  language: 'en',
  occurredAt: '2025-03-14T07:02:00Z',
  observedAt: '2025-03-14T08:10:00+01:00',
  mentionedHandles: ['@skymiles'],
  engagement: { likes: 120, replies: 14 },
};
