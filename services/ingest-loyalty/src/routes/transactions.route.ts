import { registerIntakeRoutes } from '@rapport/ingest';
import type { HttpApp } from '@rapport/service-kit';
import { loyaltyTransactionIntake } from '../use-cases/accept-loyalty-transaction.ts';
import type { RouteDeps } from './members.route.ts';

/** `POST /v1/loyalty/transactions` and `POST /v1/loyalty/transactions/batch`. */
export function transactionsRoutes(app: HttpApp, deps: RouteDeps): void {
  registerIntakeRoutes(app, {
    path: '/v1/loyalty/transactions',
    intake: loyaltyTransactionIntake,
    tag: 'loyalty',
    noun: 'loyalty transaction',
    ...deps,
  });
}
