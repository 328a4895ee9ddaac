import {
  Customer360,
  CustomerIdParams,
  LookupBody,
  LookupResult,
  SearchBody,
  SearchResult,
} from '@rapport/contracts';
import type { HttpApp } from '@rapport/service-kit';
import { customerView } from '../use-cases/customer-view.ts';
import { lookupCustomer, searchCustomers, type LookupDeps } from '../use-cases/lookup-customer.ts';
import { problemResponses, READ_SCOPE } from './problem-responses.ts';

/** `POST /v1/customers/lookup`, `POST /v1/customers/search` and `GET /v1/customers/{customerId}`. */
export function customersRoutes(app: HttpApp, deps: LookupDeps): void {
  app.post(
    '/v1/customers/lookup',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['customers'],
        summary: 'Recognise a customer by an identifier, while they wait',
        description:
          'Email, phone, loyalty card (with its program), social handle (with its platform), CRM id or member ' +
          'id, normalised as the resolution engine normalises it (case, plus-tags, Gmail dots, E.164, @). ' +
          'Answered from Redis when cached, invalidated by every identity change. 404 when no customer carries it.',
        body: LookupBody,
        response: { 200: LookupResult, ...problemResponses },
      },
    },
    // The answer is JSON text already (a cached one straight from Redis): sent as it is, not serialised.
    async (request, reply) =>
      reply.type('application/json; charset=utf-8').send((await lookupCustomer(deps, request.body)) as never),
  );

  app.post(
    '/v1/customers/search',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['customers'],
        summary: 'Find customers by name with a postcode or a town',
        description:
          'Candidates share the sound of a name with the place; the engine judges each against the query ' +
          'and the best record of each customer ranks it. An empty list when nobody matches.',
        body: SearchBody,
        response: { 200: SearchResult, ...problemResponses },
      },
    },
    (request) => searchCustomers(deps, request.body),
  );

  app.get(
    '/v1/customers/:customerId',
    {
      config: { scope: READ_SCOPE },
      schema: {
        tags: ['customers'],
        summary: 'The 360 view of a customer',
        description:
          'Golden record (each field with its source record and survivorship rule), every source record, ' +
          'identifiers, possibly related customers (household, landline), steward decisions and link history.',
        params: CustomerIdParams,
        response: { 200: Customer360, ...problemResponses },
      },
    },
    (request) => customerView(deps.snapshot, request.params.customerId),
  );
}
