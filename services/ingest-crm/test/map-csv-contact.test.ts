import { CrmContactBody, CrmCsvImportOptions } from '@rapport/contracts';
import { describe, expect, it } from 'vitest';
import { mapCsvContact } from '../src/use-cases/map-csv-contact.ts';

const options = CrmCsvImportOptions.parse({
  columns: {
    crmId: 'Id',
    'names.given': 'First',
    phones: 'Phones',
    loyaltyCards: 'Cards',
    'consent.sms': 'Sms',
    optOuts: 'OptOuts',
    'address.locality': 'City',
  },
  listSeparator: '|',
  phoneType: 'mobile',
});

const row = (cells: Record<string, string>) => new Map(Object.entries(cells));

describe('mapCsvContact', () => {
  it('maps lists, pairs, booleans and address cells; empty cells are absent', () => {
    const record = mapCsvContact(
      row({
        Id: 'C-1',
        First: ' Ana ',
        Phones: '+44 1 | +44 2',
        Cards: 'sky:123|x',
        Sms: 'N',
        OptOuts: 'sms|post',
        City: '',
      }),
      options,
      '2025-01-01T00:00:00Z',
    );
    expect(record).toEqual({
      crmId: 'C-1',
      names: { given: 'Ana' },
      phones: [
        { number: '+44 1', type: 'mobile' },
        { number: '+44 2', type: 'mobile' },
      ],
      loyaltyCards: [
        { program: 'sky', number: '123' },
        { program: '', number: 'x' },
      ],
      consent: { sms: false },
      optOuts: ['sms', 'post'],
      updatedAt: '2025-01-01T00:00:00Z',
    });
    // The card without a program is for validation to report, at its path.
    const invalid = CrmContactBody.safeParse(record);
    expect(invalid.success).toBe(false);
    expect(invalid.error?.issues.map((i) => i.path.join('/'))).toEqual(['loyaltyCards/1/program']);
  });

  it('passes an unreadable boolean on, so validation names the field', () => {
    const record = mapCsvContact(row({ Id: 'C-1', Sms: 'perhaps' }), options, '2025-01-01T00:00:00Z');
    expect(record.consent).toEqual({ sms: 'perhaps' });
  });
});
