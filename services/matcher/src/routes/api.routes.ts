import type { HttpApp } from '@rapport/service-kit';
import type { Api } from '../api-deps.ts';
import { customersRoutes } from './customers.route.ts';
import { decisionsRoutes } from './decisions.route.ts';
import { erasuresRoutes } from './erasures.route.ts';
import { explanationsRoutes } from './explanations.route.ts';
import { reviewRoutes } from './review.route.ts';

/** Every route of the matcher's REST API. */
export function apiRoutes(app: HttpApp, api: Api): void {
  customersRoutes(app, api.lookup);
  explanationsRoutes(app, api.lookup);
  reviewRoutes(app, api.lookup);
  decisionsRoutes(app, api.steward);
  erasuresRoutes(app, api.erasure);
}
