import { registerIntakeRoutes, type EventPublisher, type IntakeObserver } from '@rapport/ingest';
import type { HttpApp } from '@rapport/service-kit';
import { loyaltyMemberIntake } from '../use-cases/accept-loyalty-member.ts';

export interface RouteDeps {
  publisher: EventPublisher;
  observer: IntakeObserver;
  maxBatchRecords: number;
}

/** `POST /v1/loyalty/members` and `POST /v1/loyalty/members/batch`. */
export function membersRoutes(app: HttpApp, deps: RouteDeps): void {
  registerIntakeRoutes(app, {
    path: '/v1/loyalty/members',
    intake: loyaltyMemberIntake,
    tag: 'loyalty',
    noun: 'loyalty member',
    ...deps,
  });
}
