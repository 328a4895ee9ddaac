/** The database could not be reached or did not answer in time; an HTTP layer answers 503. */
export class DatabaseUnavailable extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(operation: string, cause?: unknown) {
    super(`Database unavailable during ${operation}`, { cause });
    this.name = 'DatabaseUnavailable';
  }
}

/** An applied migration's file changed (or vanished) since it ran: the schema and the files disagree. */
export class MigrationChanged extends Error {
  readonly code = 'MIGRATION_CHANGED';
  readonly owner: string;
  readonly version: number;
  constructor(owner: string, version: number, name: string, detail: string) {
    super(
      `Migration ${owner} ${String(version).padStart(3, '0')}_${name} ${detail}; add a new migration instead of editing an applied one`,
    );
    this.name = 'MigrationChanged';
    this.owner = owner;
    this.version = version;
  }
}

/** A migration file failed; its transaction rolled back and nothing of it was recorded. */
export class MigrationFailed extends Error {
  readonly code = 'MIGRATION_FAILED';
  readonly owner: string;
  readonly version: number;
  constructor(owner: string, version: number, name: string, cause: unknown) {
    super(
      `Migration ${owner} ${String(version).padStart(3, '0')}_${name} failed: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
    this.name = 'MigrationFailed';
    this.owner = owner;
    this.version = version;
  }
}

/** The migrations directory holds a file that breaks the naming rule, or two files share a version. */
export class MigrationFileInvalid extends Error {
  readonly code = 'MIGRATION_FILE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'MigrationFileInvalid';
  }
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
]);

/**
 * True for failures that mean "the database is not there right now": socket errors, pg-pool's connect
 * timeout, and server states such as shutting down (SQLSTATE 57P01-57P03) or too many connections (53300).
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof DatabaseUnavailable) return true;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (connectionCodes.has(code) || /^57P0[123]$/.test(code) || code === '53300' || code.startsWith('08'))
  ) {
    return true;
  }
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout/i.test(
    error.message,
  );
}
