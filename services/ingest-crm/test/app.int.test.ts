import { DeadLetterEnvelope } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { auth, contact, json, startCrm } from './service.ts';

describe('ingest-crm contacts', () => {
  test('is ready and documents its routes, the CSV import included', async ({ kafka, redis }) => {
    const svc = await startCrm(kafka, redis);
    try {
      const ready = await svc.app.inject({ url: '/readyz' });
      expect(ready.statusCode, ready.body).toBe(200);
      expect(Object.keys(ready.json().checks).sort()).toEqual(['consumer', 'kafka', 'redis']);
      const doc = (await svc.app.inject({ url: '/docs/json' })).json();
      for (const path of ['/v1/crm/contacts', '/v1/crm/contacts/batch', '/v1/crm/contacts/import']) {
        expect(Object.keys(doc.paths[path].post.responses)).toEqual(
          expect.arrayContaining(['202', '400', '401', '403', '413', '429', '503']),
        );
      }
      const importOp = doc.paths['/v1/crm/contacts/import'].post;
      expect(Object.keys(importOp.requestBody?.content ?? {})).toEqual(['text/csv']);
      expect(importOp.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['options', 'idempotency-key']),
      );
    } finally {
      await svc.stop();
    }
  });

  test('single, JSON batch and NDJSON contacts are published keyed by crmId', async ({ kafka, redis }) => {
    const svc = await startCrm(kafka, redis);
    try {
      const one = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts',
        headers: json,
        payload: contact,
      });
      expect(one.statusCode, one.body).toBe(202);
      const batch = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts/batch',
        headers: json,
        payload: {
          records: [
            { ...contact, crmId: 'C-2' },
            { ...contact, crmId: 'C-3', emails: [{ address: '' }] },
          ],
        },
      });
      expect(batch.json()).toMatchObject({
        accepted: 1,
        rejected: 1,
        results: [{ status: 'accepted' }, { status: 'rejected', errors: [{ path: '/emails/0/address' }] }],
      });
      const nd = await svc.app.inject({
        method: 'POST',
        url: '/v1/crm/contacts/batch',
        headers: { ...auth, 'content-type': 'application/x-ndjson' },
        payload: `${JSON.stringify({ ...contact, crmId: 'C-4', deleted: true })}\n`,
      });
      expect(nd.json()).toMatchObject({ accepted: 1, rejected: 0 });

      const events = await svc.topics.readAll('crm.contact.v1', { atLeast: 3 });
      expect(events.map((e) => e.key).sort()).toEqual(['0035g00000XyZ12AAB', 'C-2', 'C-4']);
      const first = events.find((e) => e.key === '0035g00000XyZ12AAB');
      expect(first?.json).toMatchObject({
        eventId: one.json().eventId,
        source: 'crm',
        handles: [{ platform: 'linkedin', handle: 'ana-souza' }],
        updatedAt: '2025-03-12T15:40:00Z',
      });
    } finally {
      await svc.stop();
    }
  });

  test('raw contacts are decoded; an invalid one is dead-lettered and the next goes through', async ({
    kafka,
    redis,
  }) => {
    const svc = await startCrm(kafka, redis);
    try {
      await svc.topics.produce('raw.crm.contacts', [
        { key: 'C-9', value: JSON.stringify({ ...contact, crmId: 'C-9', optOuts: ['fax'] }) },
        { key: 'C-9', value: JSON.stringify({ ...contact, crmId: 'C-9' }) },
      ]);
      const [event] = await svc.topics.readAll('crm.contact.v1', { atLeast: 1 });
      expect(event?.key).toBe('C-9');
      const [dead] = await svc.topics.readAll('raw.crm.contacts.dlq', { atLeast: 1 });
      const envelope = DeadLetterEnvelope.parse(dead?.json);
      expect(envelope).toMatchObject({ reason: 'schema_invalid', original: { offset: '0' } });
      expect(envelope.error.details).toEqual([expect.objectContaining({ path: '/optOuts/0' })]);
    } finally {
      await svc.stop();
    }
  });
});
