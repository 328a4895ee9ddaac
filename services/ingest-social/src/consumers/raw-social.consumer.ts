import { rawSocialMentionsTopic } from '@rapport/contracts';
import type { RawRoute } from '@rapport/ingest';
import { socialMentionIntake } from '../use-cases/accept-social-mention.ts';

/** The listening tool streams mentions as JSON in the REST body's shape to raw.social.mentions. */
export const rawSocialRoutes: readonly RawRoute[] = [
  { topic: rawSocialMentionsTopic, intake: socialMentionIntake },
];
