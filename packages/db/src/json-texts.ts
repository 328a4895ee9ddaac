/**
 * Large JSON values of many rows as one text parameter, read back one row each with
 * `string_to_table($n, chr(30))` (JSON_TEXTS), beside the rows' small columns (json_to_recordset) in one
 * `rows from (...)`, which zips them in order. Postgres reads such a parameter three times faster than
 * the same values inside a json_to_recordset document: it only splits the text and, for a `json` column,
 * checks each value, where json_to_recordset parses every value into the fields of its rows first.
 *
 * The separator (U+001E, the ASCII record separator) cannot occur in JSON.stringify's output, which
 * escapes every control character. `undefined` travels as JSON `null`: the SQL side turns it into NULL
 * with `nullif(x, 'null')` where a column may be absent. No rows is a NULL parameter (no row read back).
 */
export function jsonTexts(values: readonly unknown[]): string | null {
  if (values.length === 0) return null;
  let out = JSON.stringify(values[0] ?? null);
  for (let i = 1; i < values.length; i++) out += '\u001e' + JSON.stringify(values[i] ?? null);
  return out;
}

/** Texts already serialised by JSON.stringify (an outbox's payloads), as `jsonTexts` sends them. */
export function serialisedJsonTexts(texts: readonly string[]): string | null {
  return texts.length === 0 ? null : texts.join('\u001e');
}

/** The rows of a `jsonTexts` parameter `param`, one text each, in order. */
export const JSON_TEXTS = (param: string) => `string_to_table(${param}, chr(30))`;
