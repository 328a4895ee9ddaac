import { parse, type CsvError } from 'csv-parse/sync';
import type { ProblemFieldError } from '@rapport/contracts';
import { BatchTooLarge, InvalidRequest } from './problems.ts';

export const CSV_CONTENT_TYPE = 'text/csv';

/** A data row: its cells by header, or why it cannot be read (a row is rejected, never the file). */
export type CsvRow =
  | { ok: true; line: number; cells: ReadonlyMap<string, string> }
  | { ok: false; line: number; errors: ProblemFieldError[] };

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

export interface CsvOptions {
  delimiter: string;
  encoding: 'utf-8' | 'latin1';
  maxRows: number;
}

function decode(raw: Buffer, encoding: CsvOptions['encoding']): string {
  if (encoding === 'latin1') return raw.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new InvalidRequest('the file is not valid UTF-8; send it as UTF-8 or set "encoding": "latin1"', []);
  }
}

/**
 * RFC 4180 CSV (quoted cells, doubled quotes, CRLF or LF) with a header row. A row whose cell count
 * differs from the header's is rejected on its own; a file that cannot be read as CSV at all (an
 * unclosed quote) is a 400 naming the line. Messages never quote cells: they may be personal data.
 */
export function parseCsv(raw: Buffer, options: CsvOptions): CsvTable {
  let parsed: { record: string[]; info: { lines: number; error?: unknown } }[];
  try {
    parsed = parse(decode(raw, options.encoding), {
      bom: true,
      delimiter: options.delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      // The header, the allowed rows and one more: enough to know the file is too long.
      to: options.maxRows + 2,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof InvalidRequest) throw error;
    const csvError = error as CsvError & { lines?: number };
    throw new InvalidRequest(
      `the file is not readable CSV (${csvError.code ?? 'parse error'} at line ${csvError.lines ?? '?'})`,
      [],
    );
  }

  const [first, ...data] = parsed;
  if (!first) throw new InvalidRequest('the file is empty: it needs a header row', []);
  const header = first.record.map((cell) => cell.trim());
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new InvalidRequest(`the header names column "${name}" twice`, []);
    seen.add(name);
  }
  if (data.length > options.maxRows) throw new BatchTooLarge(data.length, options.maxRows, 'rows');

  const rows = data.map(({ record, info }): CsvRow => {
    if (record.length !== header.length) {
      return {
        ok: false,
        line: info.lines,
        errors: [
          {
            path: '',
            message: `row has ${record.length} cells, the header ${header.length}`,
            code: 'csv_row_length',
          },
        ],
      };
    }
    return { ok: true, line: info.lines, cells: new Map(header.map((name, i) => [name, record[i] ?? ''])) };
  });
  return { header, rows };
}
