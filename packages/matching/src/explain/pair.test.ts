import { describe, expect, it } from 'vitest';
import { handModel, person } from '../fixtures/person.fixture.ts';
import { explainPair } from './pair.ts';

describe('explainPair', () => {
  const model = handModel();
  it('lists every comparison with level, m, u and weight, and the deciding rule', () => {
    const e = explainPair(
      person('b', { givenName: 'Bill', familyName: 'Smith', birthDate: '1980-07-04' }),
      person('a', { givenName: 'William', familyName: 'Smith', birthDate: '1980-04-07' }),
      model,
    );
    expect(e.a).toBe('a');
    expect(e.comparisons).toHaveLength(model.comparisons.length);
    const given = e.comparisons.find((c) => c.comparison === 'givenName')!;
    expect(given).toMatchObject({ label: 'nickname', values: ['william', 'bill'] });
    expect(given.weight).toBeCloseTo(Math.log2(given.m / given.u));
    const total = e.priorWeight + e.comparisons.reduce((s, c) => s + c.weight, 0);
    expect(e.totalWeight).toBeCloseTo(total);
    expect(e.decision).toEqual({ kind: 'link', reason: 'threshold:link' });
  });
  it('names deterministic and negative evidence', () => {
    const e = explainPair(
      person('a', { cards: [{ program: 'club', number: '1' }], birthDate: '1980-07-04' }),
      person('b', { cards: [{ program: 'club', number: '2' }], birthDate: '1950-01-01' }),
      model,
    );
    expect(e.negative).toEqual(['different-cards:club', 'birth-dates-differ']);
    expect(e.decision.reason).toBe('guard:different-cards:club');
  });
});
