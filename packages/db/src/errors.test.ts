import { describe, expect, it } from 'vitest';
import {
  DatabaseUnavailable,
  isUnavailable,
  MigrationChanged,
  MigrationFailed,
  MigrationFileInvalid,
} from './errors.ts';

describe('coded errors', () => {
  it('each carries its own stable code and its class name', () => {
    const errors = [
      new DatabaseUnavailable('ping'),
      new MigrationChanged('matcher', 1, 'init', 'changed after it was applied'),
      new MigrationFailed('matcher', 2, 'index', new Error('syntax error')),
      new MigrationFileInvalid('x.sql: migration files are named NNN_name.sql'),
    ];
    expect(errors.map((e) => [e.name, e.code])).toEqual([
      ['DatabaseUnavailable', 'DATABASE_UNAVAILABLE'],
      ['MigrationChanged', 'MIGRATION_CHANGED'],
      ['MigrationFailed', 'MIGRATION_FAILED'],
      ['MigrationFileInvalid', 'MIGRATION_FILE_INVALID'],
    ]);
  });

  it('tells an outage from a query error', () => {
    expect(isUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isUnavailable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
  });
});
