import { CursorInvalid } from './problems.ts';

/** A page's position as an opaque URL-safe string: the sort key of its last item. */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position a cursor names, checked against the list's key shape; a 400 problem otherwise. */
export function decodeCursor<T extends readonly ('string' | 'number')[]>(
  cursor: string,
  shape: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorInvalid();
  }
  if (!Array.isArray(value) || value.length !== shape.length || value.some((v, i) => typeof v !== shape[i]))
    throw new CursorInvalid();
  return value as { [K in keyof T]: T[K] extends 'string' ? string : number };
}
