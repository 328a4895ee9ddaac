import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { shippedModel } from '../src/deps.ts';
import {
  customersOf,
  engineCustomers,
  eventsOf,
  generatedEvents,
  identityEvents,
  withMatcher,
  publish,
  waitUntilResolved,
} from './support/matcher-harness.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../packages/cli/src/main.ts', import.meta.url));
const rapport = (dbUrl: string, args: string[]) =>
  run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: dbUrl }, timeout: 180_000 });

describe('matcher models', () => {
  test('rapport train stores a version of the live population; use-model re-resolves every record under another model, recording its version behind each link', async ({
    kafka,
    db,
    redis,
  }) => {
    const [first, later] = [generatedEvents(5, 80), generatedEvents(6, 10)];
    await withMatcher(
      { kafka, db, redis },
      async () => {
        await publish({ kafka }, first);
        await waitUntilResolved(db.pool, first.length);
        const before = await customersOf(db.pool);

        const trained = await rapport(db.url, ['train', '--sample', '500', '--version', 'trained-live']);
        expect(trained.stderr).toBe('');
        const { rows: stored } = await db.pool.query<{ version: string; source: string }>(
          `select version, trained_on->>'source' as source from matcher_models order by version`,
        );
        expect(stored.map((r) => r.version)).toEqual(['default-1', 'trained-live']);

        // A model that believes matches rarer: a million times lower prior odds. Records that only
        // probabilistic evidence joined fall apart; deterministic links (a shared card) hold.
        const strict = { ...JSON.parse(shippedModel().json), lambda: 3e-10 };
        await db.pool.query(
          `insert into matcher_models (version, model, trained_on) values ('strict-1', $1, '{"source":"test"}')`,
          [JSON.stringify(strict)],
        );
        const asked = await rapport(db.url, ['matcher', 'use-model', 'strict-1', '--wait', '120']);
        expect(asked.stdout).toContain('strict-1 is in use');

        const after = await customersOf(db.pool);
        expect(after).toEqual(await engineCustomers(first, JSON.stringify(strict)));
        expect(after).not.toEqual(before);
        const { rows: models } = await db.pool.query<{ model_version: string; n: number }>(
          `select model_version, count(*)::int as n from customers where status = 'active' group by model_version`,
        );
        expect(models).toEqual([{ model_version: 'strict-1', n: after.size }]);
        const { rows: switched } = await db.pool.query<{ customer_id: string; revision: number }>(
          `select customer_id, revision from customer_changes where cause = 'model' and model_version = 'strict-1'`,
        );
        expect(switched.length).toBeGreaterThan(0);

        // Records that arrive afterwards are resolved under the new model.
        await publish({ kafka }, later);
        await waitUntilResolved(db.pool, first.length + later.length);
        const { rows: latest } = await db.pool.query<{ model_version: string }>(
          `select distinct model_version from customer_changes where cause = 'records' and recorded_at >
           (select max(recorded_at) from customer_changes where cause = 'model')`,
        );
        expect(latest).toEqual([{ model_version: 'strict-1' }]);

        // The switch's changes were published like any other, in each customer's order.
        const events = await identityEvents({ kafka });
        for (const { customer_id, revision } of switched)
          expect(eventsOf(events, customer_id).map((e) => e.revision)).toContain(revision);
      },
      { MATCHER_MODEL_POLL_MS: '200' },
    );
  }, 400_000);
});
