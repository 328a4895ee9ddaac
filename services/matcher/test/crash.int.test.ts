import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IdentityChangeEvent } from '@rapport/contracts';
import { freePort, test, testServiceEnv } from '@rapport/testing';
import { describe, expect, vi } from 'vitest';
import {
  customersOf,
  engineCustomers,
  generatedEvents,
  identityEvents,
  prepareMatcher,
  publish,
  waitUntilResolved,
} from './support/matcher-harness.ts';

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));

/** The matcher as a real process (`node src/server.ts`), the way ./dev.sh runs it. */
function startChild(env: Record<string, string>): { child: ChildProcess; exited: Promise<string | null> } {
  const child = spawn(process.execPath, [SERVER], { env: { ...process.env, ...env }, stdio: 'ignore' });
  const exited = new Promise<string | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  return { child, exited };
}

/** Each customer's events are revisions 1, 2, 3... once each, and the last one holds its members now. */
function expectEachChangeOnce(events: IdentityChangeEvent[], customers: Map<string, string[]>): void {
  const byCustomer = new Map<string, IdentityChangeEvent[]>();
  for (const e of events) byCustomer.set(e.customerId, [...(byCustomer.get(e.customerId) ?? []), e]);
  for (const [id, list] of byCustomer) {
    expect(
      list.map((e) => e.revision),
      id,
    ).toEqual(list.map((_, i) => i + 1));
    expect(list.at(-1)!.recordIds, id).toEqual(customers.get(id) ?? []);
  }
  for (const id of customers.keys()) expect(byCustomer.has(id), id).toBe(true);
}

describe('matcher killed with SIGKILL mid-load', () => {
  test('after two kills and restarts every record is resolved once, as the engine resolves them, and every identity event is published once', async ({
    kafka,
    db,
    redis,
  }) => {
    const events = generatedEvents(3, 700);
    await prepareMatcher({ kafka, db });
    await publish({ kafka }, events);
    const applied = async () =>
      (await db.pool.query<{ n: number }>('select count(*)::int as n from processed_events')).rows[0]!.n;
    const env = async () =>
      testServiceEnv(
        { kafka, db, redis },
        // Small transactions, so that a kill lands between many of them and inside one.
        { PORT: String(await freePort()), LOG_LEVEL: 'warn', MATCHER_BATCH_MESSAGES: '25' },
      );

    for (const share of [0.2, 0.6]) {
      const { child, exited } = startChild(await env());
      await vi.waitFor(async () => expect(await applied()).toBeGreaterThan(events.length * share), {
        timeout: 120_000,
        interval: 50,
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(await applied()).toBeLessThan(events.length);
    }
    const { child, exited } = startChild(await env());
    try {
      await waitUntilResolved(db.pool, events.length, 180_000);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }

    const customers = await customersOf(db.pool);
    expect(customers).toEqual(await engineCustomers(events));
    const { rows } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from resolution_placements',
    );
    expect(rows[0]!.n).toBe(events.length);
    const published = await identityEvents({ kafka });
    expectEachChangeOnce(published, customers);
    const history = await db.pool.query<{ n: number }>('select count(*)::int as n from customer_changes');
    expect(published.length).toBe(history.rows[0]!.n);
  }, 600_000);
});
