import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { auth, startCrm } from './service.ts';

const options = {
  columns: {
    crmId: 'Contact ID',
    'names.given': 'First Name',
    'names.family': 'Last Name',
    emails: 'Email',
    phones: 'Phone',
    'address.postcode': 'Zip',
    'address.country': 'Country',
    company: 'Account Name',
    decisionMaker: 'Decides',
    handles: 'Socials',
    'consent.email': 'Email OK',
    updatedAt: 'Last Modified Date',
  },
  emailType: 'work',
  addressType: 'work',
};

const csv = [
  'Contact ID,First Name,Last Name,Email,Phone,Zip,Country,Account Name,Decides,Socials,Email OK,Last Modified Date',
  'C-1,Ana,Souza,a.souza@northwind.example;ana@home.example,+44 117 496 0123,BS1 6DZ,GB,"Northwind Travel, Ltd",yes,linkedin:ana-souza;x:@anas,Y,2025-03-12T15:40:00Z',
  'C-2,Bo,,,,,,,maybe,,,2025-03-12T15:41:00Z',
  'C-3,Cy,Doe,,,,gb,,,,,2025-03-12T15:42:00Z',
  'C-4,too,few',
  ',No,Id,,,,,,,,,2025-03-12T15:43:00Z',
  '"C-5","Eve","O""Neil",,,,,,no,,,',
].join('\r\n');

describe('ingest-crm CSV import', () => {
  test('maps columns, answers per row and publishes the valid rows keyed by crmId', async ({
    kafka,
    redis,
  }) => {
    const svc = await startCrm(kafka, redis);
    try {
      const res = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts/import',
        query: { options: JSON.stringify({ ...options, updatedAt: '2025-03-13T00:00:00Z' }) },
        headers: { ...auth, 'content-type': 'text/csv', 'idempotency-key': 'import-1' },
        payload: csv,
      });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({
        accepted: 2,
        rejected: 4,
        results: [
          { index: 0, status: 'accepted' },
          { index: 1, status: 'rejected', errors: [{ path: '/decisionMaker', code: 'invalid_type' }] },
          { index: 2, status: 'rejected', errors: [{ path: '/addresses/0/country' }] },
          { index: 3, status: 'rejected', errors: [{ path: '', code: 'csv_row_length' }] },
          { index: 4, status: 'rejected', errors: [{ path: '/crmId' }] },
          { index: 5, status: 'accepted' },
        ],
      });
      const again = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts/import',
        query: { options: JSON.stringify({ ...options, updatedAt: '2025-03-13T00:00:00Z' }) },
        headers: { ...auth, 'content-type': 'text/csv', 'idempotency-key': 'import-1' },
        payload: csv,
      });
      expect(again.body).toBe(res.body);

      const events = await svc.topics.readAll('crm.contact.v1', { atLeast: 2 });
      expect(events).toHaveLength(2);
      const byKey = Object.fromEntries(events.map((e) => [e.key, e.json]));
      expect(byKey['C-1']).toMatchObject({
        crmId: 'C-1',
        names: { given: 'Ana', family: 'Souza' },
        emails: [
          { address: 'a.souza@northwind.example', type: 'work' },
          { address: 'ana@home.example', type: 'work' },
        ],
        phones: [{ number: '+44 117 496 0123' }],
        addresses: [{ postcode: 'BS1 6DZ', country: 'GB', type: 'work' }],
        company: 'Northwind Travel, Ltd',
        decisionMaker: true,
        handles: [
          { platform: 'linkedin', handle: 'ana-souza' },
          { platform: 'x', handle: 'anas' },
        ],
        consent: { email: true },
        updatedAt: '2025-03-12T15:40:00Z',
      });
      expect(byKey['C-5']).toMatchObject({
        names: { given: 'Eve', family: 'O"Neil' },
        decisionMaker: false,
        updatedAt: '2025-03-13T00:00:00Z',
      });
    } finally {
      await svc.stop();
    }
  });

  test('a bad mapping, a bad file or too many rows is a precise 4xx and publishes nothing', async ({
    kafka,
    redis,
  }) => {
    const svc = await startCrm(kafka, redis, { MAX_IMPORT_ROWS: '3' });
    try {
      const post = (query: Record<string, string>, payload: string | Buffer, type = 'text/csv') =>
        svc.app.inject({
          method: 'POST',
          url: '/v1/crm/contacts/import',
          query,
          headers: { ...auth, 'content-type': type },
          payload,
        });
      const small = csv.split('\r\n').slice(0, 3).join('\n');

      const noCrmId = await post(
        { options: JSON.stringify({ columns: { 'names.given': 'First Name' } }) },
        small,
      );
      expect(noCrmId.statusCode).toBe(400);
      expect(noCrmId.json().errors).toEqual([expect.objectContaining({ path: '/options/columns/crmId' })]);

      const unknownField = await post(
        { options: JSON.stringify({ columns: { crmId: 'Contact ID', nickname: 'Nick' } }) },
        small,
      );
      expect(unknownField.statusCode).toBe(400);
      expect(unknownField.json().errors[0].path).toMatch(/^\/options\/columns/);

      const missingColumn = await post(
        { options: JSON.stringify({ columns: { crmId: 'Contact ID', company: 'Account' } }) },
        small,
      );
      expect(missingColumn.statusCode).toBe(400);
      expect(missingColumn.json().errors).toEqual([
        expect.objectContaining({ path: '/options/columns/company', code: 'column_missing' }),
      ]);

      const notJson = await post({ options: '{columns' }, small);
      expect(notJson.json().errors).toEqual([
        expect.objectContaining({ path: '/options', code: 'invalid_json' }),
      ]);

      const noOptions = await post({}, small);
      expect(noOptions.statusCode).toBe(400);
      expect(noOptions.json().errors).toEqual([expect.objectContaining({ path: '/options' })]);

      const unclosed = await post({ options: JSON.stringify(options) }, 'Contact ID\n"C-1\n');
      expect(unclosed.statusCode).toBe(400);
      expect(unclosed.json().detail).toMatch(/line/);

      const tooLong = await post({ options: JSON.stringify(options) }, csv);
      expect(tooLong.statusCode).toBe(413);

      const notCsv = await post(
        { options: JSON.stringify(options) },
        JSON.stringify({ csv }),
        'application/json',
      );
      expect(notCsv.statusCode).toBe(415);

      for (const res of [
        noCrmId,
        unknownField,
        missingColumn,
        notJson,
        noOptions,
        unclosed,
        tooLong,
        notCsv,
      ]) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await svc.topics.count('crm.contact.v1')).toBe(0);
    } finally {
      await svc.stop();
    }
  });

  test('latin1 files are read when declared', async ({ kafka, redis }) => {
    const svc = await startCrm(kafka, redis);
    try {
      const file = Buffer.from(
        'Contact ID;First Name;Last Modified Date\nC-7;José;2025-03-12T15:40:00Z\n',
        'latin1',
      );
      const asUtf8 = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts/import',
        query: {
          options: JSON.stringify({
            columns: { crmId: 'Contact ID', 'names.given': 'First Name', updatedAt: 'Last Modified Date' },
            delimiter: ';',
          }),
        },
        headers: { ...auth, 'content-type': 'text/csv' },
        payload: file,
      });
      expect(asUtf8.statusCode).toBe(400);
      const res = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts/import',
        query: {
          options: JSON.stringify({
            columns: { crmId: 'Contact ID', 'names.given': 'First Name', updatedAt: 'Last Modified Date' },
            delimiter: ';',
            encoding: 'latin1',
          }),
        },
        headers: { ...auth, 'content-type': 'text/csv; charset=iso-8859-1' },
        payload: file,
      });
      expect(res.statusCode, res.body).toBe(202);
      const [event] = await svc.topics.readAll('crm.contact.v1', { atLeast: 1 });
      expect(event?.json).toMatchObject({ crmId: 'C-7', names: { given: 'José' } });
    } finally {
      await svc.stop();
    }
  });
});
