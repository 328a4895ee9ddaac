import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from './input-error.ts';

export interface NdjsonRow {
  line: number;
  value: Record<string, unknown>;
}

/** Streams newline-delimited JSON objects; blank lines are skipped, anything else must be an object. */
export async function* readNdjsonRows(
  file: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<NdjsonRow> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  if (onBytes !== undefined) stream.on('data', () => onBytes(stream.bytesRead));
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of lines) {
      line += 1;
      if (raw.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        throw new InputError(`not valid JSON (${(error as Error).message})`, { file, line });
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new InputError('each line must be a JSON object', { file, line });
      }
      yield { line, value: value as Record<string, unknown> };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
