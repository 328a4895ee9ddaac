import { describe, expect, it } from 'vitest';
import { handModel, person } from '../fixtures/person.fixture.ts';
import { applyChange, createResolver, snapshot } from './incremental.ts';
import { explainRecord } from '../explain/record.ts';

const model = handModel();
const anna = { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04' };

describe('applyChange', () => {
  it('reports created, joined, merged, split and removed', () => {
    const state = createResolver({ model });
    expect(applyChange(state, { kind: 'upsert', record: person('b', anna) }).change.kind).toBe('created');
    expect(
      applyChange(state, {
        kind: 'upsert',
        record: person('d', { givenName: 'Zed', familyName: 'Q', emails: [{ address: 'z@q.com' }] }),
      }).change.kind,
    ).toBe('created');
    const joined = applyChange(state, { kind: 'upsert', record: person('c', anna) });
    expect(joined.change.kind).toBe('joined');
    expect(joined.change.after).toEqual([{ id: 'c:b', members: ['b', 'c'] }]);
    // A record bridging two clusters merges them; its cluster id is its smallest record id.
    const bridge = person('a', {
      ...anna,
      emails: [{ address: 'z@q.com' }],
      familyName: 'Smith',
      givenName: 'Anna',
    });
    const d2 = person('d', { givenName: 'Anna', familyName: 'Smith', emails: [{ address: 'z@q.com' }] });
    // Name alone (no birth date, identifier or home in common) is not enough to link d2 to b and c.
    applyChange(state, { kind: 'upsert', record: d2 });
    expect(applyChange(state, { kind: 'upsert', record: bridge }).change.kind).toBe('merged');
    expect(snapshot(state).assignments.get('d')).toBe('c:a');
    const removed = applyChange(state, { kind: 'delete', record: { recordId: 'a' } });
    expect(['removed', 'updated', 'split']).toContain(removed.change.kind);
    expect(snapshot(state).assignments.has('a')).toBe(false);
  });

  it('splits a cluster when the bridging record is deleted', () => {
    const state = createResolver({ model });
    applyChange(state, {
      kind: 'upsert',
      record: person('a', { givenName: 'Anna', familyName: 'Smith', emails: [{ address: 'a@x.com' }] }),
    });
    applyChange(state, {
      kind: 'upsert',
      record: person('c', {
        givenName: 'Boris',
        familyName: 'Smith',
        phones: [{ number: '0412345678' }],
        birthDate: '1930-01-01',
      }),
    });
    applyChange(state, {
      kind: 'upsert',
      record: person('b', {
        emails: [{ address: 'a@x.com' }],
        phones: [{ number: '0412345678' }],
        familyName: 'Smith',
      }),
    });
    expect(new Set(snapshot(state).assignments.values()).size).toBe(1);
    const res = applyChange(state, { kind: 'delete', record: { recordId: 'b' } });
    expect(res.change.kind).toBe('split');
    expect(res.change.after.map((c) => c.id)).toEqual(['c:a', 'c:c']);
  });

  it('applies steward decisions to later resolutions and explains them', () => {
    const state = createResolver({ model });
    applyChange(state, { kind: 'upsert', record: person('a', anna) });
    applyChange(state, { kind: 'upsert', record: person('b', anna) });
    expect(
      applyChange(state, { kind: 'decision', decision: { kind: 'apart', a: 'a', b: 'b' } }).change.kind,
    ).toBe('split');
    applyChange(state, {
      kind: 'upsert',
      record: person('b', { ...anna, emails: [{ address: 'new@x.com' }] }),
    });
    expect(snapshot(state).assignments.get('b')).toBe('c:b');
    const why = explainRecord(state, 'b', 'c:a');
    expect(why.inCluster).toBe(false);
    expect(why.evidence).toEqual([expect.objectContaining({ other: 'a', kind: 'steward-apart' })]);
  });
});
