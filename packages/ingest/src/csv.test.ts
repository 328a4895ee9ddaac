import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { BatchTooLarge, InvalidRequest } from './problems.ts';

const options = { delimiter: ',', encoding: 'utf-8' as const, maxRows: 10 };

describe('parseCsv', () => {
  it('reads quoted cells, doubled quotes, CRLF, a BOM, and rejects a short row on its own', () => {
    const table = parseCsv(Buffer.from('\uFEFFid,name\r\n1,"Doe, ""J"""\r\n2\r\n\r\n3,x\r\n'), options);
    expect(table.header).toEqual(['id', 'name']);
    expect(table.rows).toEqual([
      {
        ok: true,
        line: 2,
        cells: new Map([
          ['id', '1'],
          ['name', 'Doe, "J"'],
        ]),
      },
      { ok: false, line: 3, errors: [expect.objectContaining({ code: 'csv_row_length' })] },
      {
        ok: true,
        line: 5,
        cells: new Map([
          ['id', '3'],
          ['name', 'x'],
        ]),
      },
    ]);
  });

  it('refuses an unreadable file without quoting it, and a file over the row limit', () => {
    expect(() => parseCsv(Buffer.from('id\n"secret@example.com\n'), options)).toThrow(InvalidRequest);
    try {
      parseCsv(Buffer.from('id\n"secret@example.com\n'), options);
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
    const long = ['id', ...Array.from({ length: 11 }, (_, i) => String(i))].join('\n');
    expect(() => parseCsv(Buffer.from(long), options)).toThrow(BatchTooLarge);
  });

  it('refuses invalid UTF-8 unless latin1 is declared', () => {
    const file = Buffer.from('id,name\n1,José\n', 'latin1');
    expect(() => parseCsv(file, options)).toThrow(InvalidRequest);
    const table = parseCsv(file, { ...options, encoding: 'latin1' });
    expect(table.rows[0]).toMatchObject({
      ok: true,
      cells: new Map([
        ['id', '1'],
        ['name', 'José'],
      ]),
    });
  });

  it('refuses a header naming a column twice', () => {
    expect(() => parseCsv(Buffer.from('id,id\n1,2\n'), options)).toThrow(/twice/);
  });
});
