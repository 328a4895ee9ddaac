import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { auth, json, startCrm } from './service.ts';

// Issue 13 through the CRM service: the same contact by JSON and by CSV, event ids that follow the
// content, the import's options typed in the document, and an import with nothing valid in it.

const options = {
  columns: { crmId: 'Contact ID', 'names.given': 'First Name', emails: 'Email', updatedAt: 'Modified' },
  emailType: 'work',
};
const contactJson = (email: string) => ({
  crmId: 'C-1',
  names: { given: 'Ana' },
  emails: [{ address: email, type: 'work' }],
  updatedAt: '2025-03-12T15:40:00Z',
});
const contactCsv = (email: string) =>
  `Contact ID,First Name,Email,Modified\r\nC-1,Ana,${email},2025-03-12T15:40:00Z\r\n`;

describe('ingest-crm event ids and imports', () => {
  test('the same contact by JSON and by CSV gets one id; another email under the same updatedAt another', async ({
    kafka,
    redis,
  }) => {
    const svc = await startCrm(kafka, redis);
    try {
      const byJson = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts',
        headers: json,
        payload: contactJson('ana@northwind.example'),
      });
      expect(byJson.statusCode, byJson.body).toBe(202);
      const importCsv = (csv: string) =>
        svc.app.inject({
          method: 'POST',
          url: '/v1/crm/contacts/import',
          query: { options: JSON.stringify(options) },
          headers: { ...auth, 'content-type': 'text/csv' },
          payload: csv,
        });
      const same = await importCsv(contactCsv('ana@northwind.example'));
      expect(same.statusCode, same.body).toBe(202);
      expect(same.json().results[0].eventId).toBe(byJson.json().eventId);

      const changed = await importCsv(contactCsv('ana@elsewhere.example'));
      expect(changed.statusCode, changed.body).toBe(202);
      const changedId = changed.json().results[0].eventId as string;
      expect(changedId).not.toBe(byJson.json().eventId);

      const events = await svc.topics.readAll('crm.contact.v1', { atLeast: 3 });
      const byId = new Map(events.map((e) => [(e.json as { eventId: string }).eventId, e.json]));
      // Deduplicating on eventId keeps both versions: nothing new is dropped as a duplicate.
      expect(byId.size).toBe(2);
      expect(byId.get(changedId)).toMatchObject({ emails: [{ address: 'ana@elsewhere.example' }] });
    } finally {
      await svc.stop();
    }
  });

  test('an import whose every row is rejected answers 422 with the rows; options are typed in the document', async ({
    kafka,
    redis,
  }) => {
    const svc = await startCrm(kafka, redis);
    try {
      const res = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts/import',
        query: { options: JSON.stringify(options) },
        headers: { ...auth, 'content-type': 'text/csv' },
        payload:
          'Contact ID,First Name,Email,Modified\r\n,Ana,a@b.example,2025-03-12T15:40:00Z\r\nC-2,Bo\r\n',
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({
        type: 'urn:rapport:problem:batch-rejected',
        accepted: 0,
        rejected: 2,
        results: [
          { index: 0, status: 'rejected', errors: [{ path: '/crmId' }] },
          { index: 1, status: 'rejected', errors: [{ code: 'csv_row_length' }] },
        ],
      });
      const badOptions = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts/import',
        query: { options: JSON.stringify({ columns: { 'names.given': 'First Name' } }) },
        headers: { ...auth, 'content-type': 'text/csv' },
        payload: 'First Name\r\nAna\r\n',
      });
      expect(badOptions.statusCode, badOptions.body).toBe(400);
      expect(badOptions.json().errors).toEqual([expect.objectContaining({ path: '/options/columns/crmId' })]);
      expect(await svc.topics.count('crm.contact.v1')).toBe(0);

      const doc = (await svc.app.inject({ url: '/docs/json' })).json();
      const [param] = doc.paths['/v1/crm/contacts/import'].post.parameters.filter(
        (p: { name: string }) => p.name === 'options',
      );
      expect(param).toMatchObject({ in: 'query', required: true });
      expect(param.content['application/json'].schema.properties.columns.type).toBe('object');
      expect(param.schema).toBeUndefined();
    } finally {
      await svc.stop();
    }
  });
});
