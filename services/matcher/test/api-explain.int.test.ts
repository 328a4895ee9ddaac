import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { startApi } from './api-harness.ts';
import { everyone, jane, joneses, recordOf, tom, upserts } from './api-people.ts';

const id = (c: Parameters<typeof recordOf>[0]) => recordOf(c).recordId;
const path = (s: string) => encodeURIComponent(s);
const janeCustomer = `c:${id(jane.contact)}`;

describe('matcher API: the 360 view and explanations', () => {
  test('shows a customer whole: golden record with sources, records, identifiers, related customers', async ({
    redis,
  }) => {
    const api = await startApi(redis);
    try {
      await api.apply(upserts(everyone));
      const res = await api.get(`/v1/customers/${path(janeCustomer)}`);
      expect(res.statusCode).toBe(200);
      const view = res.json();
      expect(view.records.map((r: { recordId: string }) => r.recordId).sort()).toEqual(
        [id(jane.contact), id(jane.member), id(jane.author)].sort(),
      );
      // CRM is the most trusted source for names; only the member knows the birth date.
      expect(view.golden.fields.givenName).toMatchObject({ value: 'Jane', recordId: id(jane.contact) });
      expect(view.golden.fields.birthDate).toMatchObject({ value: '1985-06-01', recordId: id(jane.member) });
      expect(view.identifiers).toEqual(
        expect.arrayContaining([
          {
            kind: 'card',
            value: 'club:123456',
            recordIds: [id(jane.contact), id(jane.member)],
            ignored: false,
          },
          { kind: 'email', value: 'jane.smith@example.com', recordIds: [id(jane.member)], ignored: false },
          {
            kind: 'handle',
            value: 'instagram:janesmith',
            recordIds: [id(jane.contact), id(jane.author)],
            ignored: false,
          },
          { kind: 'crm-id', value: 'C-1', recordIds: [id(jane.contact)], ignored: false },
        ]),
      );
      expect(view.related).toEqual([]);
      expect(view.history).toEqual([
        expect.objectContaining({ revision: 1, kind: 'created', cause: 'records', modelVersion: 'test-1' }),
      ]);
      expect(view.history[0].recordIds.sort()).toEqual(
        view.records.map((r: { recordId: string }) => r.recordId).sort(),
      );

      // A steward's ruling is in the link history: who, why, the rule.
      await api.post(
        '/v1/decisions',
        {
          a: id(jane.author),
          b: id(jane.contact),
          ruling: 'not-same-person',
          reason: 'two people',
          decidedBy: 'ana',
        },
        'admin',
      );
      const [latest] = (await api.get(`/v1/customers/${path(janeCustomer)}`)).json().history;
      expect(latest).toMatchObject({
        revision: 2,
        kind: 'split',
        cause: 'decision',
        decisions: [{ kind: 'apart', by: 'ana', reason: 'two people' }],
      });
      expect(latest.rules).toContain('steward:apart');

      const bob = (await api.get(`/v1/customers/${path(`c:${id(joneses.bob)}`)}`)).json();
      expect(bob.related).toEqual([
        {
          customerId: `c:${id(joneses.alice)}`,
          kinds: ['household-address', 'shared-landline'],
          via: [[id(joneses.bob), id(joneses.alice)]],
        },
      ]);
      const missing = await api.get(`/v1/customers/${path('c:nobody')}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().type).toBe('urn:rapport:problem:customer-not-found');
    } finally {
      await api.close();
    }
  });

  test('explains a customer, a record in it, and why two records are apart', async ({ redis }) => {
    const api = await startApi(redis);
    try {
      await api.apply(upserts(everyone));
      const why = (await api.get(`/v1/customers/${path(janeCustomer)}/why`)).json();
      expect(why.members).toHaveLength(3);
      // The card links the contact and the member; the handle and the names link the contact and the author.
      const reasons = Object.fromEntries(
        why.links.map((l: { a: string; b: string; reason: string }) => [`${l.a}|${l.b}`, l.reason]),
      );
      expect(reasons[`${id(jane.contact)}|${id(jane.member)}`]).toBe('deterministic:same-card');
      expect(reasons[`${id(jane.contact)}|${id(jane.author)}`]).toBe('threshold:link');
      for (const link of why.links) {
        const total =
          link.pair.priorWeight +
          link.pair.comparisons.reduce((s: number, c: { weight: number }) => s + c.weight, 0);
        expect(link.pair.totalWeight).toBeCloseTo(total, 9);
        for (const c of link.pair.comparisons)
          expect(c).toMatchObject({
            level: expect.any(Number),
            m: expect.any(Number),
            u: expect.any(Number),
          });
      }

      const inside = (
        await api.get(`/v1/customers/${path(janeCustomer)}/records/${path(id(jane.author))}/why`)
      ).json();
      expect(inside).toMatchObject({ inCustomer: true, recordCustomerId: janeCustomer });
      expect(inside.evidence.map((e: { other: string }) => e.other).sort()).toEqual(
        [id(jane.contact), id(jane.member)].sort(),
      );
      const outside = (
        await api.get(`/v1/customers/${path(janeCustomer)}/records/${path(id(tom.author))}/why`)
      ).json();
      expect(outside.inCustomer).toBe(false);

      const pair = (
        await api.get(`/v1/records/why?a=${path(id(tom.author))}&b=${path(id(tom.member))}`)
      ).json();
      expect(pair).toMatchObject({ together: false, because: 'guard:no-personal-evidence' });
      expect(pair.edge).toMatchObject({ kind: 'review' });
      expect(pair.blocks.map((b: { rule: string }) => b.rule)).toContain('all-pairs');
      // A population this small is compared whole (the catch-all block is within its cap); two cards of
      // one programme keep them apart.
      const unlike = (
        await api.get(`/v1/records/why?a=${path(id(jane.member))}&b=${path(id(joneses.bob))}`)
      ).json();
      expect(unlike).toMatchObject({ together: false, because: 'guard:different-cards:club' });
      expect(unlike.blocks.map((b: { rule: string }) => b.rule)).toEqual(['all-pairs']);
      const together = (
        await api.get(`/v1/records/why?a=${path(id(jane.member))}&b=${path(id(jane.author))}`)
      ).json();
      expect(together).toMatchObject({ together: true, because: 'linked-through-other-records' });
      expect((await api.get(`/v1/records/why?a=${path(id(jane.member))}&b=nobody`)).json()).toMatchObject({
        status: 404,
        recordIds: ['nobody'],
      });
      expect((await api.get(`/v1/records/why?a=x&b=x`)).statusCode).toBe(400);
    } finally {
      await api.close();
    }
  });
});
