import type { z } from 'zod';
import { CursorInvalid } from './problems.ts';

/** A page's position as an opaque URL-safe string: the sort key of its last item. */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * The position a cursor names, checked against the list's key schema: a client may send any string,
 * and what reaches the database must be a position this list could have returned (a timestamp
 * Postgres reads, an integer sequence), else a 400 problem.
 */
export function decodeCursor<T extends z.ZodType<readonly (string | number)[]>>(
  cursor: string,
  position: T,
): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorInvalid();
  }
  const parsed = position.safeParse(value);
  if (!parsed.success) throw new CursorInvalid();
  return parsed.data;
}
