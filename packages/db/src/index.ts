export {
  createPool,
  pingPool,
  translateDatabaseError,
  type Pool,
  type PoolClient,
  type PoolOptions,
  type PoolLogger,
} from './pool.ts';
export { openPool } from './open-pool.ts';
export { withTransaction } from './transaction.ts';
export {
  migrate,
  readMigrations,
  type MigrateOptions,
  type AppliedMigration,
  type MigrationFile,
} from './migrate.ts';
export {
  DatabaseUnavailable,
  MigrationChanged,
  MigrationFailed,
  MigrationFileInvalid,
  isUnavailable,
} from './errors.ts';
export { jsonTexts, serialisedJsonTexts, JSON_TEXTS } from './json-texts.ts';
