import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createCsvLineParser } from './csv-parser.ts';
import { InputError } from './input-error.ts';

export interface CsvRow {
  /** Physical line (1-based) where the record starts: what an editor shows. */
  line: number;
  values: string[];
}

export interface CsvReadOptions {
  delimiter?: string;
  /** Called with bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
}

/**
 * Streams a CSV file row by row (header included), in constant memory. Handles a UTF-8 BOM, CRLF or LF,
 * quoted fields across lines, a missing final newline and blank lines (skipped).
 */
export async function* readCsvRows(file: string, options: CsvReadOptions = {}): AsyncGenerator<CsvRow> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  if (options.onBytes !== undefined) {
    const onBytes = options.onBytes;
    stream.on('data', () => onBytes(stream.bytesRead));
  }
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const parser = createCsvLineParser(options.delimiter ?? ',');
  let lineNumber = 0;
  let startLine = 1;
  try {
    for await (const raw of lines) {
      lineNumber += 1;
      const line = lineNumber === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (!parser.pending) {
        startLine = lineNumber;
        if (line.trim() === '') continue;
      }
      const values = parser.feed(line);
      if (values !== undefined) yield { line: startLine, values };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (parser.pending) throw new InputError('a quoted field is never closed', { file, line: startLine });
}
