import { createPool, migrate } from '@rapport/db';
import { defineOutbox } from '@rapport/outbox';
import { createTestDatabase } from '@rapport/testing';
import { describe, expect, it } from 'vitest';
import { ModelCatalog } from '../src/adapters/model-catalog.ts';
import { openResolutionUnit } from '../src/adapters/resolution-unit.ts';
import { shippedModel } from '../src/deps.ts';
import { applyChanges } from '../src/use-cases/apply-changes.ts';
import { everyone } from './api-people.ts';
import { MIGRATIONS } from './support/matcher-harness.ts';

describe('resolution transactions', () => {
  // The engine's write is sent before the statements that follow it and awaited last (apply-changes.ts):
  // when it fails, the statements queued behind it fail too ("current transaction is aborted"), and the
  // write's own error must be the one the unit sees, or a serialization failure would not be retried.
  it('retries a batch whose engine write hit a serialization failure, and resolves it once', async () => {
    const database = await createTestDatabase();
    const pool = createPool(database.url, { max: 3 });
    try {
      await migrate(pool, { dir: MIGRATIONS, owner: 'matcher' });
      await pool.query(`
        -- A sequence, because it counts outside the transaction: the failed attempt's rollback keeps it.
        create sequence block_key_writes;
        create function fail_once() returns trigger language plpgsql as $$
        begin
          if nextval('block_key_writes') = 1 then
            raise exception 'injected' using errcode = 'serialization_failure';
          end if;
          return null;
        end $$;
        create trigger fail_once after insert on resolution_block_keys
          for each statement execute function fail_once();`);
      const unit = openResolutionUnit({
        pool,
        outbox: defineOutbox({ table: 'matcher_outbox' }),
        models: new ModelCatalog(shippedModel()),
      });
      const changes = everyone.map((change, i) => ({
        change,
        origin: {
          eventId: crypto.randomUUID(),
          occurredAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
        },
      }));
      const { outcomes } = await applyChanges({ unit, hooks: [], logger: console }, { changes });
      expect(outcomes.every((o) => o === 'applied')).toBe(true);
      const { rows } = await pool.query<{ writes: string; records: number }>(
        `select (select last_value from block_key_writes)::text as writes,
                (select count(*)::int from resolution_records) as records`,
      );
      expect(rows[0]).toEqual({ writes: '2', records: everyone.length });
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});
