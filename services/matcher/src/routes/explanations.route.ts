import {
  CustomerIdParams,
  CustomerRecordParams,
  CustomerWhy,
  PairQuery,
  PairWhy,
  RecordWhy,
} from '@rapport/contracts';
import type { HttpApp } from '@rapport/service-kit';
import {
  explainCustomer,
  explainCustomerRecord,
  explainRecordPair,
  type ExplainDeps,
} from '../use-cases/explain-customers.ts';
import { problemResponses, READ_SCOPE } from './problem-responses.ts';

/** Why: a customer, a record in a customer, any two records. */
export function explanationsRoutes(app: HttpApp, deps: ExplainDeps): void {
  app.get(
    '/v1/customers/:customerId/why',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['explanations'],
        summary: 'Why these records are one customer',
        description:
          'Every link between its records (each comparison with its level, m, u and weight, the total and the ' +
          'rule that linked), the steward decisions, and the links a clustering guard held back.',
        params: CustomerIdParams,
        response: { 200: CustomerWhy, ...problemResponses },
      },
    },
    (request) => explainCustomer(deps, request.params.customerId),
  );

  app.get(
    '/v1/customers/:customerId/records/:recordId/why',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['explanations'],
        summary: 'Why a record is in this customer, or not',
        params: CustomerRecordParams,
        response: { 200: RecordWhy, ...problemResponses },
      },
    },
    (request) => explainCustomerRecord(deps, request.params.customerId, request.params.recordId),
  );

  app.get(
    '/v1/records/why',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['explanations'],
        summary: 'Why two records are one customer, or what keeps them apart',
        description:
          'Every comparison, the stored verdict, the steward decisions and the blocking keys they share. ' +
          '`because` names what decided: a steward, a rule, a clustering guard, a threshold, or that they ' +
          'were never compared (no shared blocking key, or only blocks over their cap).',
        querystring: PairQuery,
        response: { 200: PairWhy, ...problemResponses },
      },
    },
    (request) => explainRecordPair(deps, request.query.a, request.query.b),
  );
}
