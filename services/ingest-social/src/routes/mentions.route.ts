import { registerIntakeRoutes, type EventPublisher, type IntakeObserver } from '@rapport/ingest';
import type { HttpApp } from '@rapport/service-kit';
import { socialMentionIntake } from '../use-cases/accept-social-mention.ts';

export interface RouteDeps {
  publisher: EventPublisher;
  observer: IntakeObserver;
  maxBatchRecords: number;
}

/** `POST /v1/social/mentions` and `POST /v1/social/mentions/batch`. */
export function mentionsRoutes(app: HttpApp, deps: RouteDeps): void {
  registerIntakeRoutes(app, {
    path: '/v1/social/mentions',
    intake: socialMentionIntake,
    tag: 'social',
    noun: 'social mention',
    ...deps,
  });
}
