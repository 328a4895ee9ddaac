/**
 * RFC 4180 CSV, fed one physical line at a time so that a reader can stream a large file through readline.
 * Quoted fields may hold the delimiter, doubled quotes and line breaks; whitespace before an opening quote
 * is allowed (files like Febrl put a space after every comma).
 */
export interface CsvLineParser {
  /** Feed one line without its line break; returns the fields once a record is complete, else undefined. */
  feed(line: string): string[] | undefined;
  /** True while a quoted field is still open across lines. */
  readonly pending: boolean;
}

export function createCsvLineParser(delimiter = ','): CsvLineParser {
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quotedField = false;

  const feed = (line: string): string[] | undefined => {
    if (inQuotes) field += '\n';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i] as string;
      if (inQuotes) {
        if (ch === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i++;
          } else inQuotes = false;
        } else field += ch;
      } else if (ch === delimiter) {
        fields.push(field);
        field = '';
        quotedField = false;
      } else if (ch === '"' && !quotedField && field.trim() === '') {
        inQuotes = true;
        quotedField = true;
        field = '';
      } else field += ch;
    }
    if (inQuotes) return undefined;
    fields.push(field);
    const done = fields;
    fields = [];
    field = '';
    quotedField = false;
    return done;
  };

  return {
    feed,
    get pending() {
      return inQuotes;
    },
  };
}
