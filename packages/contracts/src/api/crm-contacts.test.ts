import { describe, expect, it } from 'vitest';
import { CrmContactEvent, crmContactEvent } from '../events/crm-contact.ts';
import {
  CrmContactBatchBody,
  CrmContactBody,
  CrmCsvImportOptions,
  normaliseCrmContact,
} from './crm-contacts.ts';

const body = { crmId: '0035g0', updatedAt: '2025-03-12T15:40:00Z' };

describe('CrmContactBody', () => {
  it('accepts its documented examples', () => {
    for (const example of CrmContactBody.meta()?.examples as unknown[]) {
      expect(CrmContactBody.safeParse(example).error).toBeUndefined();
    }
  });

  it.each([
    ['an unknown field', { ...body, salary: 1 }],
    ['an unknown email field', { ...body, emails: [{ address: 'a@b.c', primary: true }] }],
    ['an unknown address field', { ...body, addresses: [{ line1: 'x', lat: 1 }] }],
    ['an unknown consent flag', { ...body, consent: { fax: true } }],
    ['a missing updatedAt', { crmId: '1' }],
    ['emails as a string', { ...body, emails: 'a@b.c' }],
  ])('rejects %s', (_, candidate) => {
    expect(CrmContactBody.safeParse(candidate).success).toBe(false);
  });

  it('normalises into a valid event', () => {
    const record = normaliseCrmContact(
      CrmContactBody.parse({ ...body, company: ' Northwind ', handles: [{ platform: 'x', handle: '@ana' }] }),
    );
    expect(record).toMatchObject({ company: 'Northwind', handles: [{ handle: 'ana' }], deleted: false });
    expect(CrmContactEvent.safeParse(crmContactEvent(record)).success).toBe(true);
  });

  it('batches', () => {
    expect(CrmContactBatchBody.safeParse({ records: [body] }).success).toBe(true);
  });
});

describe('CrmCsvImportOptions', () => {
  it('accepts its documented examples and fills defaults', () => {
    for (const example of CrmCsvImportOptions.meta()?.examples as unknown[]) {
      expect(CrmCsvImportOptions.safeParse(example).error).toBeUndefined();
    }
    expect(CrmCsvImportOptions.parse({ columns: { crmId: 'Id' } })).toMatchObject({
      delimiter: ',',
      listSeparator: ';',
      encoding: 'utf-8',
    });
  });

  it.each([
    ['a mapping without crmId', { columns: { emails: 'Email' } }],
    ['an unknown target field', { columns: { crmId: 'Id', salary: 'Salary' } }],
    ['an unknown option', { columns: { crmId: 'Id' }, skipRows: 2 }],
    ['an unsupported delimiter', { columns: { crmId: 'Id' }, delimiter: '#' }],
  ])('rejects %s', (_, candidate) => {
    expect(CrmCsvImportOptions.safeParse(candidate).success).toBe(false);
  });
});
