import type { CrmCsvImportOptions } from '@rapport/contracts';
import {
  acceptBatch,
  parseCsv,
  type AcceptBatchResult,
  type BatchItem,
  type EventPublisher,
  type IntakeObserver,
} from '@rapport/ingest';
import { crmContactIntake } from './accept-crm-contact.ts';
import { mapCsvContact } from './map-csv-contact.ts';

export interface ImportPorts {
  publisher: EventPublisher;
  observer?: IntakeObserver;
  maxRows: number;
  /** The import time, used for rows without updatedAt. */
  now: () => Date;
}

/** Columns the mapping names that the file's header lacks: the import cannot be read as asked. */
export function missingColumns(header: readonly string[], options: CrmCsvImportOptions): [string, string][] {
  return Object.entries(options.columns).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !header.includes(entry[1]),
  );
}

/**
 * A CRM CSV export → one contact per data row, each validated on its own and answered at its
 * 0-based row index; the valid rows are published together, like a batch.
 */
export async function importCrmContacts(
  csv: Buffer,
  options: CrmCsvImportOptions,
  ports: ImportPorts,
): Promise<AcceptBatchResult | { kind: 'columns_missing'; columns: [string, string][] } | { kind: 'empty' }> {
  const table = parseCsv(csv, {
    delimiter: options.delimiter,
    encoding: options.encoding,
    maxRows: ports.maxRows,
  });
  const missing = missingColumns(table.header, options);
  if (missing.length > 0) return { kind: 'columns_missing', columns: missing };
  if (table.rows.length === 0) return { kind: 'empty' };
  const importedAt = ports.now().toISOString();
  const items = table.rows.map((row): BatchItem =>
    row.ok
      ? { ok: true, value: mapCsvContact(row.cells, options, importedAt) }
      : { ok: false, errors: row.errors },
  );
  return acceptBatch(crmContactIntake, items, ports.publisher, {
    path: 'csv',
    ...(ports.observer ? { observer: ports.observer } : {}),
  });
}
