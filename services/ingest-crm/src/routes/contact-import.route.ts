import { z } from 'zod';
import { BatchAccepted, CrmCsvImportOptions, parseJsonBytes } from '@rapport/contracts';
import {
  BatchRejected,
  CSV_CONTENT_TYPE,
  INGEST_SCOPE,
  InvalidRequest,
  problemResponses,
  StoreUnavailable,
  writeHeaders,
  type EventPublisher,
  type IntakeObserver,
} from '@rapport/ingest';
import { validateAllButBody, type HttpApp } from '@rapport/service-kit';
import { importCrmContacts } from '../use-cases/import-crm-contacts.ts';

export interface ImportRouteDeps {
  publisher: EventPublisher;
  observer: IntakeObserver;
  maxImportRows: number;
  maxImportBytes: number;
  now: () => Date;
}

const optionsExample = (CrmCsvImportOptions.meta()?.examples as unknown[] | undefined)?.[0];

const CsvFile = z
  .string()
  .describe('The CSV export, header row first')
  .meta({
    examples: [
      'Contact ID,First Name,Last Name,Email,Phone,Account Name,Title,Last Modified Date\r\n' +
        '0035g00000XyZ12AAB,Ana,Souza,a.souza@northwind.example,+44 117 496 0123,Northwind Travel Ltd,Head of Procurement,2025-03-12T15:40:00Z\r\n',
    ],
  });

// `options` travels as JSON in the query string: OpenAPI's `content` form of a parameter
// (`x-consume`), so the document publishes its schema and clients know to send it as JSON.
const ImportQuery = z.strictObject({
  options: CrmCsvImportOptions.describe(
    'The column mapping and reading options, as JSON (URL-encoded). `columns` maps record fields ' +
      '(crmId required; names.given, emails, address.postcode, consent.email, ...) to CSV header names; ' +
      'also delimiter, listSeparator, encoding, emailType, phoneType, addressType, updatedAt.',
  ).meta({ 'x-consume': 'application/json', examples: [optionsExample] }),
});

/**
 * Before validation, `options` is read from its JSON text (a 400 at `/options` when it is not JSON),
 * so the query schema checks the object and its errors point into it (`/options/columns/crmId`).
 */
function parseOptionsJson(request: { query: unknown }): void {
  const query = request.query as Record<string, unknown>;
  if (typeof query.options !== 'string') return;
  const json = parseJsonBytes(Buffer.from(query.options));
  if (!json.ok) {
    throw new InvalidRequest(
      'the options query parameter is not a JSON object',
      json.errors.map((e) => ({ ...e, path: `/options${e.path}` })),
    );
  }
  query.options = json.value;
}

/**
 * `POST /v1/crm/contacts/import`: a CRM CSV export as a `text/csv` body, its column mapping as the
 * `options` query parameter. Answered per data row like a batch.
 */
export function contactImportRoute(app: HttpApp, deps: ImportRouteDeps): void {
  app.post(
    '/v1/crm/contacts/import',
    {
      config: { scope: INGEST_SCOPE },
      bodyLimit: deps.maxImportBytes,
      preValidation: async (request) => parseOptionsJson(request),
      // The body is CSV bytes, read by the use case; the query and headers are validated as usual.
      validatorCompiler: validateAllButBody,
      schema: {
        tags: ['crm'],
        summary: `Import up to ${deps.maxImportRows} CRM contacts from a CSV export`,
        description:
          `Send the file as the body with \`Content-Type: ${CSV_CONTENT_TYPE}\` (RFC 4180: header row, quoted cells, ` +
          'CRLF or LF; up to MAX_IMPORT_BYTES) and the mapping as `?options=<JSON>`. Each data row becomes a contact, ' +
          'validated on its own and answered at its 0-based row index; list cells split on `listSeparator`, ' +
          '`handles` items are `platform:handle`, `loyaltyCards` items `program:number`, booleans true/false, yes/no, y/n, 1/0. ' +
          'Rows without updatedAt take `options.updatedAt`, else the import time (so set one of them if you may ' +
          're-import the same file and want the same event ids).',
        consumes: [CSV_CONTENT_TYPE],
        headers: writeHeaders,
        querystring: ImportQuery,
        body: CsvFile,
        response: { 202: BatchAccepted, ...problemResponses },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new InvalidRequest(`send the file as the body with Content-Type: ${CSV_CONTENT_TYPE}`, []);
      }
      const result = await importCrmContacts(request.body, request.query.options, {
        publisher: deps.publisher,
        observer: deps.observer,
        maxRows: deps.maxImportRows,
        now: deps.now,
      });
      switch (result.kind) {
        case 'columns_missing':
          throw new InvalidRequest(
            'the file has no column for some mapped fields',
            result.columns.map(([field]) => ({
              path: `/options/columns/${field}`,
              message: 'names a column the file does not have',
              code: 'column_missing',
            })),
          );
        case 'empty':
          throw new InvalidRequest('the file has a header but no data rows', []);
        case 'unavailable':
          throw new StoreUnavailable('kafka', result.retryAfterSeconds);
        case 'accepted':
          request.log.info(
            { accepted: result.answer.accepted, rejected: result.answer.rejected },
            'csv import answered',
          );
          if (result.answer.accepted === 0) throw new BatchRejected(result.answer);
          return reply.code(202).send(result.answer);
      }
    },
  );
}
