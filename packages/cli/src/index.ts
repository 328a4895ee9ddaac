export { buildProgram } from './program.ts';
export { InputError } from './input/input-error.ts';
export { createCsvLineParser } from './input/csv-parser.ts';
export { readCsvRows } from './input/csv-reader.ts';
export { loadMapping } from './input/mapping.ts';
export type { Mapping } from './input/mapping.ts';
export { readRecords } from './input/read-records.ts';
