import { test } from '@rapport/testing';
import { IdentityChangeEvent } from '@rapport/contracts';
import { describe, expect } from 'vitest';
import { startApi } from './api-harness.ts';
import { author, contact, everyone, jane, member, recordOf, testModel, tom, upserts } from './api-people.ts';

const janeIds = [jane.contact, jane.author, jane.member].map((c) => recordOf(c).recordId).sort();

describe('matcher API: recognising a customer', () => {
  test('finds a customer by any identifier, normalised as the engine does, and 404s an unknown one', async ({
    redis,
  }) => {
    const api = await startApi(redis);
    try {
      await api.apply(upserts(everyone));
      const janeId = `c:${janeIds[0]}`;
      for (const identifier of [
        { kind: 'email', email: ' jane.smith@EXAMPLE.com ' },
        { kind: 'phone', phone: '07700 900123' },
        { kind: 'card', program: 'CLUB', number: '123 456' },
        { kind: 'handle', platform: 'instagram', handle: '@JaneSmith' },
        { kind: 'crm-id', crmId: 'C-1' },
        { kind: 'member-id', program: 'club', memberId: 'M-1' },
      ]) {
        const res = await api.post('/v1/customers/lookup', identifier);
        expect(res.statusCode, identifier.kind).toBe(200);
        const body = res.json();
        expect(body.customers.map((c: { customerId: string }) => c.customerId)).toEqual([janeId]);
        expect(body.customers[0].records.map((r: { recordId: string }) => r.recordId)).toEqual(janeIds);
        expect(body.customers[0]).toMatchObject({ displayName: 'Jane Smith', loyaltyTier: 'gold' });
      }
      const miss = await api.post('/v1/customers/lookup', { kind: 'email', email: 'nobody@example.com' });
      expect(miss.statusCode).toBe(404);
      expect(miss.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(miss.json()).toMatchObject({ type: 'urn:rapport:problem:identifier-not-found', status: 404 });
      const unreadable = await api.post('/v1/customers/lookup', { kind: 'email', email: 'no-at-sign' });
      expect(unreadable.statusCode).toBe(400);
      expect(unreadable.json().errors[0].path).toBe('/email');
      const unknownKind = await api.post('/v1/customers/lookup', { kind: 'passport', value: 'X' });
      expect(unknownKind.statusCode).toBe(400);
      // The shared landline finds both Joneses.
      const landline = await api.post('/v1/customers/lookup', { kind: 'phone', phone: '+441134960000' });
      expect(landline.json().customers).toHaveLength(2);
      expect(
        (await api.post('/v1/customers/lookup', { kind: 'crm-id', crmId: 'C-1' }, 'writer')).statusCode,
      ).toBe(401);
    } finally {
      await api.close();
    }
  });

  test('answers from Redis, keyed by hashes only, and a merge or a split invalidates the answer', async ({
    redis,
  }) => {
    const api = await startApi(redis);
    try {
      await api.apply(upserts([tom.member, tom.author]));
      const byCard = { kind: 'card', program: 'club', number: '333333' };
      const first = await api.post('/v1/customers/lookup', byCard);
      expect(first.json().customers[0].records).toHaveLength(1);
      const keys = await redis.client.keys(`${redis.prefix}lookup-answer:*`);
      expect(keys.length).toBe(1);
      expect(keys[0]).toMatch(/lookup-answer:[0-9a-f]{64}$/);
      // What is cached is what is answered: a second lookup reads it back.
      expect(await redis.client.get(keys[0]!)).toBe(JSON.stringify(first.json().customers));
      // A miss is cached too, and the record that brings the identifier in deletes it.
      const handle = { kind: 'handle', platform: 'instagram', handle: 'tbaker_75' };
      const tomAuthor = (await api.post('/v1/customers/lookup', handle)).json().customers[0].customerId;
      expect(tomAuthor).not.toBe(first.json().customers[0].customerId);

      // A CRM contact with Tom's card and handle merges the member and the author.
      const bridge = contact({
        crmId: 'C-9',
        names: { given: 'T', family: 'Baker' },
        handles: [{ platform: 'instagram', handle: 'tbaker_75' }],
        loyaltyCards: [{ program: 'club', number: '333333' }],
      });
      await api.apply(upserts([bridge]));
      const merged = (await api.post('/v1/customers/lookup', byCard)).json().customers;
      expect(merged).toHaveLength(1);
      expect(merged[0].records).toHaveLength(3);
      expect((await api.post('/v1/customers/lookup', handle)).json().customers[0].customerId).toBe(
        merged[0].customerId,
      );

      // The contact loses the card and the handle: the customer splits, and the cached answers follow.
      await api.apply(upserts([contact({ crmId: 'C-9', names: { given: 'T', family: 'Baker' } })]));
      const split = (await api.post('/v1/customers/lookup', byCard)).json().customers;
      expect(split[0].records.map((r: { recordId: string }) => r.recordId)).toEqual([
        recordOf(tom.member).recordId,
      ]);
      const newEmail = { kind: 'email', email: 'tom@new.example' };
      expect((await api.post('/v1/customers/lookup', newEmail)).statusCode).toBe(404);
      await api.apply(
        upserts([
          { kind: 'upsert', record: { ...recordOf(tom.member), emails: [{ address: 'tom@new.example' }] } },
        ]),
      );
      expect((await api.post('/v1/customers/lookup', newEmail)).statusCode).toBe(200);
      // The old email is gone from the record: its cached answer was deleted with the change.
      expect(
        (await api.post('/v1/customers/lookup', { kind: 'email', email: 'tom.baker@example.org' }))
          .statusCode,
      ).toBe(404);
    } finally {
      await api.close();
    }
  });

  test('searches by name with a postcode or a town, best first', async ({ redis }) => {
    const api = await startApi(redis);
    try {
      await api.apply(upserts(everyone));
      const byPostcode = await api.post('/v1/customers/search', { name: 'Jane Smith', postcode: 'ls1 4ab' });
      expect(byPostcode.statusCode).toBe(200);
      expect(byPostcode.json().customers[0]).toMatchObject({
        customerId: `c:${janeIds[0]}`,
        displayName: 'Jane Smith',
      });
      const byTown = await api.post('/v1/customers/search', { name: 'Jones', town: 'york' });
      expect(
        byTown
          .json()
          .customers.map((c: { displayName: string }) => c.displayName)
          .sort(),
      ).toEqual(['Alice Jones', 'Bob Jones']);
      expect((await api.post('/v1/customers/search', { name: 'Nobody Here', town: 'York' })).json()).toEqual({
        customers: [],
      });
      const noPlace = await api.post('/v1/customers/search', { name: 'Jane Smith' });
      expect(noPlace.statusCode).toBe(400);
      expect(noPlace.json().errors[0].path).toBe('/postcode');
    } finally {
      await api.close();
    }
  });

  test('a model switch rebuilds the lookup index and drops the cached answers under the new normalisation', async ({
    redis,
  }) => {
    const api = await startApi(redis);
    try {
      const shopper = contact({
        crmId: 'C-77',
        names: { given: 'Nora', family: 'Quill' },
        emails: [{ address: 'nora.quill+shop@example.com' }],
      });
      await api.apply(upserts([shopper]));
      const plain = { kind: 'email', email: 'nora.quill@example.com' };
      const tagged = { kind: 'email', email: 'nora.quill+shop@example.com' };
      // The test model strips plus-tags: either spelling finds her, and the answer is cached.
      expect((await api.post('/v1/customers/lookup', plain)).statusCode).toBe(200);
      expect((await api.post('/v1/customers/lookup', tagged)).statusCode).toBe(200);

      // A model that keeps plus-tags: her address is indexed as written, and only that finds her now.
      const keepsTags = { ...testModel(), normalise: { ...testModel().normalise, stripPlusTags: false } };
      expect(await api.switchModel('keeps-tags-1', keepsTags)).toBeDefined();
      const found = await api.post('/v1/customers/lookup', tagged);
      expect(found.statusCode).toBe(200);
      expect(found.json().customers[0].records.map((r: { recordId: string }) => r.recordId)).toEqual([
        recordOf(shopper).recordId,
      ]);
      expect((await api.post('/v1/customers/lookup', plain)).statusCode).toBe(404);
    } finally {
      await api.close();
    }
  });
});

describe('matcher API: ids as long as the source contracts allow', () => {
  // A record id is `${source}:${key}`: two 200-character source ids make a loyalty record of 409, and a
  // handle is free text (a control character other than NUL is allowed). The fuzzer found customers of
  // such records answering 500: the record id outgrew the identifier type of the responses.
  test('resolves, publishes and answers for them', async ({ redis }) => {
    const api = await startApi(redis);
    try {
      const program = 'p'.repeat(200);
      const longMember = member({
        program,
        memberId: 'm'.repeat(200),
        names: { given: 'Ana', family: 'Souza' },
      });
      const longContact = contact({ crmId: 'é'.repeat(200), emails: [{ address: 'ana.souza@example.com' }] });
      const oddAuthor = author('ana\u0085souza', 'Ana Souza');
      await api.apply(upserts([longMember, longContact, oddAuthor]));

      const events = (await api.published('identity.customer.v1')).map((m) =>
        IdentityChangeEvent.parse(JSON.parse(m.payload)),
      );
      const recordIds = events.flatMap((e) => e.recordIds);
      expect(recordIds).toEqual(
        expect.arrayContaining([longMember, longContact, oddAuthor].map((c) => recordOf(c).recordId)),
      );
      expect(Math.max(...recordIds.map((r) => r.length))).toBe(
        `loyalty:${program}:${'m'.repeat(200)}`.length,
      );

      const lookups = [
        { kind: 'member-id', program, memberId: 'm'.repeat(200) },
        { kind: 'crm-id', crmId: 'é'.repeat(200) },
        { kind: 'handle', platform: 'instagram', handle: 'ana\u0085souza' },
      ];
      const customerIds: string[] = [];
      for (const identifier of lookups) {
        const res = await api.post('/v1/customers/lookup', identifier);
        expect(res.statusCode, `${identifier.kind}: ${res.body}`).toBe(200);
        const customerId: string = res.json().customers[0].customerId;
        const record: string = res.json().customers[0].records[0].recordId;
        customerIds.push(customerId);
        const view = await api.get(`/v1/customers/${encodeURIComponent(customerId)}`);
        expect(view.statusCode, view.body).toBe(200);
        const why = await api.get(
          `/v1/customers/${encodeURIComponent(customerId)}/records/${encodeURIComponent(record)}/why`,
        );
        expect(why.statusCode, why.body).toBe(200);
      }
      expect((await api.get('/v1/review-queue')).statusCode).toBe(200);
      const erased = await api.post('/v1/erasures', { customerId: customerIds[0] }, 'admin');
      expect(erased.statusCode, erased.body).toBe(200);
      expect(erased.json().erasedCustomerIds).toEqual([customerIds[0]]);
    } finally {
      await api.close();
    }
  });
});
