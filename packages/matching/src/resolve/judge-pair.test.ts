import { describe, expect, it } from 'vitest';
import type { PersonRecordInput } from '@rapport/contracts';
import { explainPair } from '../explain/pair.ts';
import { handModel, person } from '../fixtures/person.fixture.ts';

type Fields = Omit<Partial<PersonRecordInput>, 'recordId'>;
const home = { streetNumber: '17', line1: 'Sharwood Crescent', locality: 'Lakemba', postcode: '2866' };
const model = handModel();
const decide = (a: Fields, b: Fields) => explainPair(person('a', a), person('b', b), model);

describe('judgePair with dates that cannot exist', () => {
  // Two records of a register (no contact data) at one home with one family name and different given names:
  // relatives unless something personal ties them together.
  const abbie = { givenName: 'Abbie', familyName: 'Son', addresses: [home], birthDate: '1949-07-16' };
  const aiden = { givenName: 'Aiden', familyName: 'Son', addresses: [home] };

  it('links on an impossible date one slip from the other record’s date', () => {
    const e = decide(abbie, { ...aiden, birthDate: '1940-97-16' });
    expect(e.comparisons.find((c) => c.comparison === 'birthDate')?.label).toBe('close');
    expect(e.decision).toEqual({ kind: 'link', reason: 'threshold:link' });
  });

  it('keeps the household guard when the impossible date is further than one slip', () => {
    const e = decide(abbie, { ...aiden, birthDate: '1940-97-61' });
    expect(e.comparisons.find((c) => c.comparison === 'birthDate')?.label).toBe('missing');
    expect(e.decision).toEqual({ kind: 'review', reason: 'guard:household-different-given-name' });
  });

  it('does not count an impossible date against a pair, as it does a real one', () => {
    // A family name and a home agree, one given name is missing: enough among registers, unless the birth
    // dates clearly differ.
    const quast = { familyName: 'Quast', addresses: [home] };
    const ann = { ...quast, givenName: 'Ann' };
    const impossible = decide({ ...ann, birthDate: '1950-13-45' }, { ...quast, birthDate: '1980-01-01' });
    expect(impossible.negative).toEqual([]);
    expect(impossible.decision).toEqual({ kind: 'link', reason: 'threshold:link' });
    const real = decide({ ...ann, birthDate: '1950-03-15' }, { ...quast, birthDate: '1980-01-01' });
    expect(real.negative).toEqual(['birth-dates-differ']);
    expect(real.decision).toEqual({ kind: 'review', reason: 'guard:household-no-personal-evidence' });
  });
});
