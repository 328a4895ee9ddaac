// After a value snapshot is loaded, every stored score follows without an event of its own: the sweep
// rescores each customer scored under another model version, in slices, with its open posts, and the open
// posts of authors on no customer.
import { readFileSync } from 'node:fs';
import {
  identityCustomerTopic,
  loyaltyMemberTopic,
  loyaltyTransactionTopic,
  socialAuthorTopic,
  socialMentionTopic,
} from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect, vi } from 'vitest';
import { SHIPPED_SNAPSHOT } from '../src/deps.ts';
import { author, identity, member, mention, purchases } from './events.ts';
import { keys, withScoring } from './scoring-service.ts';

const customers = ['C-1', 'C-2', 'C-3'];

describe('the rescore sweep', () => {
  test('rescores every customer and their open posts under a loaded snapshot, then leaves them be', async ({
    kafka,
    redis,
    db,
  }) => {
    // Slices of one customer: the cursor walks the table.
    const env = { SCORING_SWEEP_INTERVAL_MS: '200', SCORING_SWEEP_BATCH: '1' };
    await withScoring(
      { kafka, redis, db },
      async (s) => {
        await s.produce(
          loyaltyMemberTopic,
          customers.map((c, i) => member(`M-${i}`, { tier: i === 0 ? 'gold' : 'silver' })),
        );
        await s.produce(socialAuthorTopic, [author('first', 75), author('stranger', 20_000)]);
        await s.produce(
          identityCustomerTopic,
          customers.map((c, i) =>
            identity(c, 1, [`loyalty:acme:M-${i}`, ...(i === 0 ? ['social:x:first'] : [])]),
          ),
        );
        await s.consumed();
        for (const [i] of customers.entries())
          await s.produce(loyaltyTransactionTopic, purchases({ memberId: `M-${i}` }, 3 + i, 20, '80.00'));
        await s.produce(socialMentionTopic, [
          mention('first', 'p-1', { text: 'The pool at @acmehotels is closed again' }),
          mention('stranger', 's-1', { text: 'Never booking @acmehotels again' }),
        ]);
        await s.settled();

        const versions = async () =>
          (
            await db.pool.query<{ model_version: string | null; snapshot: string }>(
              `select model_version, explanation->'value'->>'snapshotVersion' as snapshot
                 from scoring_scores order by customer_id`,
            )
          ).rows;
        const posts = async () =>
          (
            await db.pool.query<{ post_id: string; customer_id: string | null; model_version: string }>(
              `select post_id, customer_id, model_version from scoring_mentions order by post_id`,
            )
          ).rows;
        const postSnapshot = async () =>
          (
            await db.pool.query<{ snapshot: string }>(
              `select explanation->'value'->>'snapshotVersion' as snapshot from scoring_mentions
                where customer_id is not null`,
            )
          ).rows.map((r) => r.snapshot);
        const before = await versions();
        expect(before).toHaveLength(3);
        expect(new Set(before.map((v) => v.snapshot))).toEqual(new Set(['shipped-cdnow-1997-09-30']));
        expect(await postSnapshot()).toEqual(['shipped-cdnow-1997-09-30']);
        const shipped = before[0]!.model_version!;
        expect((await posts()).map((p) => [p.post_id, p.customer_id === null, p.model_version])).toEqual([
          ['p-1', false, shipped],
          ['s-1', true, shipped],
        ]);
        const c2Before = (await s.get('/v1/scoring/customers/C-2')).json();

        // A snapshot whose customers buy less often: the same histories are worth less.
        const snapshot = JSON.parse(readFileSync(SHIPPED_SNAPSHOT, 'utf8'));
        const fitted = {
          ...snapshot,
          version: 'fitted-2026-03',
          bgNbd: { ...snapshot.bgNbd, params: { ...snapshot.bgNbd.params, r: snapshot.bgNbd.params.r / 4 } },
        };
        const loaded = await s.svc.app.inject({
          method: 'PUT',
          url: '/v1/scoring/model/value-snapshot',
          headers: { 'x-api-key': keys.admin },
          payload: fitted,
        });
        expect(loaded.statusCode, loaded.body).toBe(200);

        // No event came: the sweep alone moves every score and the open post to the new version.
        await vi.waitFor(
          async () => {
            const now = await versions();
            expect(now.map((v) => v.snapshot)).toEqual([
              'fitted-2026-03',
              'fitted-2026-03',
              'fitted-2026-03',
            ]);
            expect(
              now.every((v) => v.model_version !== shipped && v.model_version?.includes('fitted-2026-03')),
            ).toBe(true);
            expect(await postSnapshot()).toEqual(['fitted-2026-03']);
            // The stranger's post does not depend on the value snapshot, but names the version it is priced under.
            expect(new Set((await posts()).map((p) => p.model_version))).toEqual(
              new Set([now[0]!.model_version]),
            );
          },
          { timeout: 15_000, interval: 100 },
        );
        const rescored = (await s.get('/v1/scoring/customers/C-2')).json();
        expect(rescored.explanation.value.snapshotVersion).toBe('fitted-2026-03');
        // The same purchases are worth less under it, and the change is in the history.
        expect(rescored.explanation.value).not.toEqual(c2Before.explanation.value);
        expect(rescored.history.items[0].snapshotVersion).toBe('fitted-2026-03');

        // Once swept, the version in use is not swept again: nothing is written.
        const { rows: stamps } = await db.pool.query(
          `select customer_id, updated_at from scoring_scores order by 1`,
        );
        const priced = await posts();
        await new Promise((r) => setTimeout(r, 800));
        expect(
          (await db.pool.query(`select customer_id, updated_at from scoring_scores order by 1`)).rows,
        ).toEqual(stamps);
        expect(await posts()).toEqual(priced);
      },
      env,
    );
  });
});
