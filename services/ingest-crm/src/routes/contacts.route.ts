import { registerIntakeRoutes, type EventPublisher, type IntakeObserver } from '@rapport/ingest';
import type { HttpApp } from '@rapport/service-kit';
import { crmContactIntake } from '../use-cases/accept-crm-contact.ts';

export interface RouteDeps {
  publisher: EventPublisher;
  observer: IntakeObserver;
  maxBatchRecords: number;
}

/** `POST /v1/crm/contacts` and `POST /v1/crm/contacts/batch`. */
export function contactsRoutes(app: HttpApp, deps: RouteDeps): void {
  registerIntakeRoutes(app, {
    path: '/v1/crm/contacts',
    intake: crmContactIntake,
    tag: 'crm',
    noun: 'CRM contact',
    ...deps,
  });
}
