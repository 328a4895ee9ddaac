import {
  crmContactEvent,
  loyaltyMemberEvent,
  socialAuthorEvent,
  topics,
  type CrmContactRecord,
  type IdentityChangeEvent,
} from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect, vi } from 'vitest';
import {
  acknowledged,
  customersOf,
  generatedEvents,
  stateDigest,
  eventsOf,
  identityEvents,
  prepareMatcher,
  withMatcher,
  publish,
  startMatcher,
  waitUntilResolved,
  type Published,
} from './support/matcher-harness.ts';

const at = (minute: number) => `2025-03-14T09:${String(minute).padStart(2, '0')}:00Z`;

const loyalty = (
  memberId: string,
  minute: number,
  fields: Partial<Parameters<typeof loyaltyMemberEvent>[0]>,
) => {
  const event = loyaltyMemberEvent({
    memberId,
    program: 'rapport-rewards',
    updatedAt: at(minute),
    deleted: false,
    ...fields,
  });
  return { topic: topics.loyaltyMember.name, key: topics.loyaltyMember.key(event), event };
};
const crm = (crmId: string, minute: number, fields: Partial<CrmContactRecord>): Published => {
  const event = crmContactEvent({ crmId, updatedAt: at(minute), deleted: false, ...fields });
  return { topic: topics.crmContact.name, key: event.crmId, event };
};
const social = (handle: string, minute: number, displayName: string): Published => {
  const event = socialAuthorEvent({ platform: 'x', handle, displayName, observedAt: at(minute) });
  return { topic: topics.socialAuthor.name, key: topics.socialAuthor.key(event), event };
};

/** kind@revision of each of a customer's events, in order. */
const history = (events: IdentityChangeEvent[], id: string) =>
  eventsOf(events, id).map((e) => `${e.kind}@${e.revision}`);

/**
 * The kinds of a customer's events without those that only changed its candidates (same members), which
 * come or not with how the matcher happened to batch records that arrived together; revisions go up by one.
 */
const membershipHistory = (events: IdentityChangeEvent[], id: string) => {
  const own = eventsOf(events, id);
  expect(own.map((e) => e.revision)).toEqual(own.map((_, i) => i + 1));
  return own
    .filter((e, i) => !(e.kind === 'updated' && e.recordIds.join() === own[i - 1]?.recordIds.join()))
    .map((e) => e.kind);
};

describe('matcher resolution through Kafka and Postgres', () => {
  test('the seed scenario: a CRM contact with @janesmith and card 123456 joins the social author and the loyalty member, and losing the handle splits them', async ({
    kafka,
    db,
    redis,
  }) => {
    await withMatcher({ kafka, db, redis }, async () => {
      const jane = { given: 'Jane', family: 'Smith' };
      const contact = {
        names: jane,
        handles: [{ platform: 'x', handle: 'janesmith' }],
        loyaltyCards: [{ program: 'rapport-rewards', number: '123456' }],
      };
      await publish({ kafka }, [
        social('janesmith', 1, 'Jane Smith'),
        loyalty('M1', 2, { names: jane, cardNumbers: ['123456'], email: 'jane.smith@example.com' }),
      ]);
      await waitUntilResolved(db.pool, 2);
      expect(await customersOf(db.pool)).toEqual(
        new Map([
          ['c:loyalty:rapport-rewards:M1', ['loyalty:rapport-rewards:M1']],
          ['c:social:x:janesmith', ['social:x:janesmith']],
        ]),
      );

      await publish({ kafka }, [crm('C1', 3, contact)]);
      await waitUntilResolved(db.pool, 3);
      const one = ['crm:C1', 'loyalty:rapport-rewards:M1', 'social:x:janesmith'];
      expect(await customersOf(db.pool)).toEqual(new Map([['c:crm:C1', one]]));

      // The update removes the handle: the social author is on its own again, under its own id.
      const { handles: _, ...withoutHandle } = contact;
      await publish({ kafka }, [crm('C1', 4, withoutHandle)]);
      await waitUntilResolved(db.pool, 4);
      expect(await customersOf(db.pool)).toEqual(
        new Map([
          ['c:crm:C1', ['crm:C1', 'loyalty:rapport-rewards:M1']],
          ['c:social:x:janesmith', ['social:x:janesmith']],
        ]),
      );

      const events = await identityEvents({ kafka });
      // The CRM contact's id is the smallest: the joined customer is named after it (the id rule).
      expect(history(events, 'c:crm:C1')).toEqual(['created@1', 'split@2']);
      expect(membershipHistory(events, 'c:social:x:janesmith')).toEqual(['created', 'deleted', 'created']);
      // On its own again, the social account names the customer it may be: the contact and the member.
      expect(eventsOf(events, 'c:social:x:janesmith').at(-1)!.candidates).toEqual([
        expect.objectContaining({ customerId: 'c:crm:C1', ownRecordId: 'social:x:janesmith' }),
      ]);
      expect(history(events, 'c:loyalty:rapport-rewards:M1')).toEqual(['created@1', 'deleted@2']);
      const joined = eventsOf(events, 'c:crm:C1')[0]!;
      expect(joined.recordIds).toEqual(one);
      expect(joined.previousCustomerIds).toEqual(['c:loyalty:rapport-rewards:M1', 'c:social:x:janesmith']);
      expect(joined.explanation?.rules).toContain('deterministic:same-card');
      expect(joined.occurredAt).toBe(at(3));
      expect(eventsOf(events, 'c:crm:C1')[1]!.previousCustomerIds).toEqual(['c:social:x:janesmith']);
      // Explanations carry no personal data.
      for (const e of events)
        expect(JSON.stringify([e.explanation, e.candidates?.map((c) => c.summary)])).not.toMatch(
          /jane|smith|123456|example/i,
        );
    });
  });

  test('creates, merges on a new linking record, splits when an update removes the evidence, deletes', async ({
    kafka,
    db,
    redis,
  }) => {
    await withMatcher({ kafka, db, redis }, async (svc) => {
      const bob = { given: 'Robert', family: 'Okonkwo' };
      const contact = {
        names: bob,
        emails: [{ address: 'r.okonkwo@example.org' }],
        phones: [{ number: '+447700900123' }],
      };
      await publish({ kafka }, [
        crm('C2', 1, contact),
        // The member carries only its card: nothing it could be matched on until a record links the card.
        loyalty('M2', 2, { cardNumbers: ['777000'] }),
      ]);
      await waitUntilResolved(db.pool, 2);
      expect([...(await customersOf(db.pool)).keys()]).toEqual(['c:crm:C2', 'c:loyalty:rapport-rewards:M2']);

      // A second CRM contact with the card and the email links both: the merge keeps the smaller id.
      const linking = { ...contact, loyaltyCards: [{ program: 'rapport-rewards', number: '777000' }] };
      await publish({ kafka }, [crm('C3', 3, linking)]);
      await waitUntilResolved(db.pool, 3);
      expect(await customersOf(db.pool)).toEqual(
        new Map([['c:crm:C2', ['crm:C2', 'crm:C3', 'loyalty:rapport-rewards:M2']]]),
      );

      // The card leaves the linking contact: the member is on its own again.
      await publish({ kafka }, [crm('C3', 4, contact)]);
      await waitUntilResolved(db.pool, 4);
      expect(await customersOf(db.pool)).toEqual(
        new Map([
          ['c:crm:C2', ['crm:C2', 'crm:C3']],
          ['c:loyalty:rapport-rewards:M2', ['loyalty:rapport-rewards:M2']],
        ]),
      );

      // A deletion event, then a tombstone: the customer shrinks, then goes.
      await publish({ kafka }, [crm('C3', 5, { ...contact, deleted: true })]);
      await waitUntilResolved(db.pool, 5);
      await publish({ kafka }, [{ topic: topics.crmContact.name, key: 'C2', event: null }]);
      await waitUntilResolved(db.pool, 6);
      expect(await customersOf(db.pool)).toEqual(
        new Map([['c:loyalty:rapport-rewards:M2', ['loyalty:rapport-rewards:M2']]]),
      );

      const events = await identityEvents({ kafka });
      expect(history(events, 'c:crm:C2')).toEqual([
        'created@1',
        'merged@2',
        'split@3',
        'updated@4',
        'deleted@5',
      ]);
      expect(history(events, 'c:loyalty:rapport-rewards:M2')).toEqual([
        'created@1',
        'deleted@2',
        'created@3',
      ]);
      const [, merged, split, updated, deleted] = eventsOf(events, 'c:crm:C2');
      expect(merged!.previousCustomerIds).toEqual(['c:loyalty:rapport-rewards:M2']);
      expect(split!.previousCustomerIds).toEqual(['c:loyalty:rapport-rewards:M2']);
      expect(updated!.recordIds).toEqual(['crm:C2']);
      expect(deleted!.recordIds).toEqual([]);
      expect(eventsOf(events, 'c:loyalty:rapport-rewards:M2')[1]!.previousCustomerIds).toEqual(['c:crm:C2']);

      // The customers and their history, with event times and the events behind each change.
      const { rows } = await db.pool.query<{ status: string; revision: number; updated_at: Date }>(
        `select status, revision, updated_at from customers where customer_id = 'c:crm:C2'`,
      );
      expect(rows).toEqual([{ status: 'deleted', revision: 5, updated_at: expect.any(Date) }]);
      const changes = await db.pool.query<{
        revision: number;
        cause: string;
        n: number;
        model_version: string;
      }>(
        `select revision, cause, cardinality(event_ids) as n, model_version from customer_changes
          where customer_id = 'c:crm:C2' order by revision`,
      );
      expect(changes.rows.map((r) => [r.revision, r.cause, r.n, r.model_version])).toEqual([
        [1, 'records', 1, 'default-1'],
        [2, 'records', 1, 'default-1'],
        [3, 'records', 1, 'default-1'],
        [4, 'records', 1, 'default-1'],
        [5, 'records', 1, 'default-1'],
      ]);

      // /metrics shows the consumer's, the resolutions' and the relay's figures beside the HTTP ones.
      const metrics = (await svc.app.inject({ url: '/metrics' })).body;
      for (const name of [
        'rapport_kafka_handler_seconds_count',
        'rapport_matcher_resolution_seconds_count',
        'rapport_matcher_resolution_changes_sum',
        'rapport_outbox_batch_seconds_count',
      ])
        expect(metrics).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? [1-9]`, 'm'));
    });
  });

  test('an event it cannot resolve goes to the dead-letter topic with its reason and no personal data, and the next one goes through', async ({
    kafka,
    db,
    redis,
  }) => {
    await withMatcher({ kafka, db, redis }, async (svc) => {
      const good = loyalty('M7', 1, { cardNumbers: ['700700'] });
      const wrongField = { ...(good.event as object), names: 'Jane Doe', memberId: 'M8' };
      await svc.topics.produce(topics.loyaltyMember.name, [
        { key: 'rapport-rewards:M5', value: '{"memberId": "M5", "email": "jane.doe@example.com"' },
        { key: 'rapport-rewards:M8', value: JSON.stringify(wrongField) },
        { key: 'rapport-rewards:M9', value: JSON.stringify(good.event) },
        { key: good.key, value: JSON.stringify({ ...(good.event as object), schemaVersion: 9 }) },
        { key: good.key, value: JSON.stringify(good.event) },
      ]);
      await waitUntilResolved(db.pool, 1);
      expect(await customersOf(db.pool)).toEqual(
        new Map([['c:loyalty:rapport-rewards:M7', ['loyalty:rapport-rewards:M7']]]),
      );
      const dead = await svc.topics.readAll(`${topics.loyaltyMember.name}.dlq`, { atLeast: 4 });
      const envelopes = dead.map(
        (m) => m.json as { reason: string; original: { key: string; value: string }; error: object },
      );
      // Grouped by the original bytes: the test's producer may write a message twice when it retries on a
      // loaded broker, and a batch retried after a failed transaction sends its dead letters again. Each
      // message has one reason, and every bad message has its own.
      const byMessage = new Map<string, Set<string>>();
      for (const e of envelopes) {
        const bytes = `${e.original.key}|${e.original.value}`;
        byMessage.set(bytes, (byMessage.get(bytes) ?? new Set()).add(e.reason));
      }
      expect([...byMessage.values()].every((reasons) => reasons.size === 1)).toBe(true);
      expect([...byMessage.values()].map((reasons) => [...reasons][0]).sort()).toEqual([
        'json_invalid',
        'key_invalid',
        'schema_invalid',
        'unsupported_version',
      ]);
      // The original bytes are kept for a replay; what the envelope says about them names no value.
      for (const e of envelopes) {
        const { original: _, ...said } = e;
        expect(JSON.stringify(said)).not.toMatch(/jane|doe|example|700700/i);
      }
      const invalid = envelopes.find((e) => e.reason === 'schema_invalid')!;
      expect(JSON.stringify(invalid.error)).toContain('names');
    });
  });

  test('a social account on no loyalty or CRM customer carries its candidates, kept current when a member arrives, merges and goes', async ({
    kafka,
    db,
    redis,
  }) => {
    await withMatcher({ kafka, db, redis }, async () => {
      const tom = { given: 'Tom', family: 'Baker' };
      const member = {
        names: tom,
        email: 'tom.baker@example.org',
        address: { streetNumber: '3', line1: 'High Street', locality: 'Bath', postcode: 'BA1 1AA' },
      };
      const author = 'c:social:x:tbaker_75';
      // A display name with an initial: the name alone is not enough to link.
      await publish({ kafka }, [social('tbaker_75', 1, 'T Baker')]);
      await waitUntilResolved(db.pool, 1);
      // Nobody it may be yet: an empty list, not a missing one.
      expect(eventsOf(await identityEvents({ kafka }), author).map((e) => e.candidates)).toEqual([[]]);

      // The member arrives later: the account's members do not change, its candidates do (an update).
      await publish({ kafka }, [loyalty('M3', 2, member)]);
      await waitUntilResolved(db.pool, 2);
      let events = eventsOf(await identityEvents({ kafka }), author);
      expect(events.map((e) => `${e.kind}@${e.revision}`)).toEqual(['created@1', 'updated@2']);
      expect(events[1]!.recordIds).toEqual(['social:x:tbaker_75']);
      expect(events[1]!.candidates).toEqual([
        {
          customerId: 'c:loyalty:rapport-rewards:M3',
          recordId: 'loyalty:rapport-rewards:M3',
          ownRecordId: 'social:x:tbaker_75',
          matchProbability: expect.any(Number),
          summary: expect.stringMatching(/^(possible match for review|link held back)/),
        },
      ]);
      expect(events[1]!.explanation?.summary).toMatch(/^possible matches changed: 1 candidate customer/);

      // A CRM contact joins the member under the contact's id: the candidate follows it.
      await publish({ kafka }, [
        crm('C3', 3, { names: tom, emails: [{ address: 'tom.baker@example.org' }] }),
      ]);
      await waitUntilResolved(db.pool, 3);
      expect((await customersOf(db.pool)).get('c:crm:C3')).toEqual(['crm:C3', 'loyalty:rapport-rewards:M3']);
      events = eventsOf(await identityEvents({ kafka }), author);
      expect(events.at(-1)!.candidates?.map((c) => c.customerId)).toEqual(['c:crm:C3']);

      // Both go: nobody is left that the account may be.
      await publish({ kafka }, [
        loyalty('M3', 4, { ...member, deleted: true }),
        crm('C3', 4, { names: tom, deleted: true }),
      ]);
      await waitUntilResolved(db.pool, 5);
      events = eventsOf(await identityEvents({ kafka }), author);
      expect(events.at(-1)!.candidates).toEqual([]);
      expect(events.at(-1)!.recordIds).toEqual(['social:x:tbaker_75']);
      const stored = await db.pool.query('select candidates from customers where customer_id = $1', [author]);
      expect(stored.rows[0].candidates).toEqual([]);
    });
  });

  test('a replay of the topics changes nothing: no revision, no history, no identity event', async ({
    kafka,
    db,
    redis,
  }) => {
    const events = generatedEvents(9, 40);
    await prepareMatcher({ kafka, db });
    // One event twice (a producer's retry): applied once.
    await publish({ kafka }, [...events, events[0]!]);
    const first = await startMatcher({ kafka, db, redis });
    await waitUntilResolved(db.pool, events.length).finally(() => first.stop());
    const snapshot = async () => ({
      digest: await stateDigest(db.pool),
      state: (
        await db.pool.query(
          `select (select sum(revision)::int from customers) as revisions,
                  (select count(*)::int from customer_changes) as changes,
                  (select count(*)::int from processed_events) as applied`,
        )
      ).rows[0],
      published: (await identityEvents({ kafka })).length,
    });
    const before = await snapshot();
    expect(before.state).toMatchObject({ applied: events.length });

    // Another consumer group reads every topic again from the start, into the same database.
    // It is done when it acknowledged as far as the first group did (the end of every partition).
    const end = await acknowledged(kafka);
    const replay = { ...kafka, groupId: `${kafka.groupId}-replay` };
    const second = await startMatcher({ kafka: replay, db, redis });
    try {
      await vi.waitFor(async () => expect(await acknowledged(replay)).toBe(end), { timeout: 60_000 });
    } finally {
      await second.stop();
    }
    expect(await snapshot()).toEqual(before);
  }, 180_000);
});
