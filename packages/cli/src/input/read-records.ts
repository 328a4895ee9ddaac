import { statSync } from 'node:fs';
import { PersonRecord } from '@rapport/contracts';
import { readCsvRows } from './csv-reader.ts';
import { readNdjsonRows } from './ndjson-reader.ts';
import { InputError } from './input-error.ts';
import { createRowMapper } from './map-row.ts';
import type { Mapping } from './mapping.ts';

export type InputFormat = 'csv' | 'ndjson';

export interface ReadOptions {
  format: InputFormat;
  /** Required for CSV; for NDJSON without a mapping each line must already be a PersonRecord. */
  mapping: Mapping | undefined;
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

export interface ReadResult {
  records: PersonRecord[];
  /** Column -> how many malformed values were dropped. */
  dropped: Record<string, number>;
}

function describeColumns(header: string[]): string {
  return header.map((h) => `"${h}"`).join(', ');
}

/** Reads every file into PersonRecords, checking as it goes; the first problem stops it with file, line and field. */
export async function readRecords(files: string[], options: ReadOptions): Promise<ReadResult> {
  const records: PersonRecord[] = [];
  const dropped: Record<string, number> = {};
  const seen = new Set<string>();
  let bytesTotal = 0;
  for (const file of files) {
    try {
      bytesTotal += statSync(file).size;
    } catch {
      throw new InputError('cannot read this file', { file });
    }
  }
  let bytesBefore = 0;

  const add = (record: PersonRecord, file: string, line: number, idField: string): void => {
    if (seen.has(record.recordId)) {
      throw new InputError(`record id "${record.recordId}" appears twice`, { file, line, field: idField });
    }
    seen.add(record.recordId);
    records.push(record);
  };
  const countDropped = (columns: string[]): void => {
    for (const column of columns) dropped[column] = (dropped[column] ?? 0) + 1;
  };

  for (const file of files) {
    // Messages name the file as the user wrote it, like a compiler's.
    const label = file;
    const onBytes = (bytes: number): void => options.onProgress?.(bytesBefore + bytes, bytesTotal);
    const mapping = options.mapping;
    const idField =
      mapping?.fields.get('recordId')?.[0] ?? mapping?.fields.get('sourceRecordId')?.[0] ?? 'recordId';
    if (options.format === 'csv') {
      if (mapping === undefined) throw new InputError('a CSV file needs --mapping');
      const mapRow = createRowMapper(mapping, label);
      let index: Map<string, number> | undefined;
      let width = 0;
      for await (const row of readCsvRows(file, { onBytes })) {
        if (index === undefined) {
          const header = row.values.map((h) => h.trim());
          index = new Map(header.map((h, i) => [h, i]));
          width = header.length;
          for (const columns of mapping.fields.values()) {
            for (const column of columns) {
              if (!index.has(column)) {
                throw new InputError(
                  `the mapping names column "${column}", the header has ${describeColumns(header)}`,
                  {
                    file: label,
                    line: row.line,
                  },
                );
              }
            }
          }
          continue;
        }
        if (row.values.length !== width) {
          throw new InputError(`expected ${width} fields as in the header, found ${row.values.length}`, {
            file: label,
            line: row.line,
          });
        }
        const columns = index;
        const values = row.values;
        const mapped = mapRow((column) => values[columns.get(column) ?? -1], row.line);
        countDropped(mapped.dropped);
        add(mapped.record, label, row.line, idField);
      }
      if (index === undefined)
        throw new InputError('the file is empty: a header row is needed', { file: label });
    } else {
      const mapRow = mapping === undefined ? undefined : createRowMapper(mapping, label);
      for await (const row of readNdjsonRows(file, onBytes)) {
        if (mapRow !== undefined) {
          const object = row.value;
          const mapped = mapRow((column) => {
            const v = object[column];
            return v === undefined || v === null ? undefined : typeof v === 'string' ? v : String(v);
          }, row.line);
          countDropped(mapped.dropped);
          add(mapped.record, label, row.line, idField);
        } else {
          const parsed = PersonRecord.safeParse(row.value);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new InputError(issue?.message ?? 'not a PersonRecord', {
              file: label,
              line: row.line,
              field: issue?.path.join('.') || '(record)',
            });
          }
          add(parsed.data, label, row.line, 'recordId');
        }
      }
    }
    bytesBefore += statSync(file).size;
  }
  return { records, dropped };
}
