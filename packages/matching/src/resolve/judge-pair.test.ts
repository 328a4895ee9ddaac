import { describe, expect, it } from 'vitest';
import type { PersonRecordInput } from '@rapport/contracts';
import { explainPair } from '../explain/pair.ts';
import { handModel, person } from '../fixtures/person.fixture.ts';
import { compileModel } from '../model/compiled.ts';
import { DEFAULT_NORMALISE } from '../normalise/options.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import { resolveBatch } from './batch.ts';
import { resolveConfig } from './config.ts';
import { contradicts } from './judge-pair.ts';

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
    // Relatives, not a maybe: nothing personal agrees once the shared home counts once.
    expect(e.decision).toEqual({ kind: 'separate', reason: 'guard:household-different-given-name' });
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
    expect(real.decision).toEqual({ kind: 'separate', reason: 'guard:household-no-personal-evidence' });
  });
});

describe('one name at one home, a generation apart', () => {
  // Generated German and census registers: a mother and a daughter of one name at one address linked,
  // since a shared home with agreeing names counted as personal evidence whatever the birth dates said.
  // Hand model: both names and the postcode say +20 bits, a different birth date -4, the prior -10: above
  // the link threshold, below the strong one, so only personal evidence links it.
  const anna = { givenName: 'Anna', familyName: 'Schneider', addresses: [{ postcode: '2866' }] };

  it('a shared home with agreeing names is not personal evidence when the birth dates clearly differ', () => {
    const mother = { ...anna, birthDate: '1950-05-21' };
    const daughter = decide(mother, { ...anna, familyName: 'Schnieder', birthDate: '1981-11-03' });
    expect(daughter.totalWeight).toBeGreaterThan(0);
    expect(daughter.totalWeight).toBeLessThan(6.6);
    expect(daughter.negative).toEqual(['birth-dates-differ']);
    expect(daughter.decision.kind).not.toBe('link');
    // Without a birth date on one side the home and the names are what there is: they link.
    expect(decide(mother, { ...anna, familyName: 'Schnieder' }).decision.kind).toBe('link');
  });

  it('a year known alone from another decade rules a register record out as well', () => {
    // "Maier, 1959" beside a Maier born 1981 at the same address, no given name on one side.
    const maier = { familyName: 'Maier', addresses: [home] };
    const e = decide(
      { ...maier, givenName: 'Jonas', birthDate: '1981-07-07' },
      { ...maier, birthDate: '1959' },
    );
    expect(e.negative).toEqual(['birth-dates-differ']);
    expect(e.decision.kind).not.toBe('link');
    const sameYear = decide(
      { ...maier, givenName: 'Jonas', birthDate: '1959-07-07' },
      { ...maier, birthDate: '1959' },
    );
    expect(sameYear.negative).toEqual([]);
  });
});

describe('contradiction between records of clusters about to merge', () => {
  const cm = compileModel(model);
  const cfg = resolveConfig(undefined);
  const contra = (a: Fields, b: Fields) =>
    contradicts(
      cm,
      cfg,
      prepareRecord(person('a', a), DEFAULT_NORMALISE),
      prepareRecord(person('b', b), DEFAULT_NORMALISE),
    );
  // fake_1000: one person, the same name and email, birth dates ten years and three days apart.
  const robert = { givenName: 'Robert', familyName: 'Allen', emails: [{ address: 'roberta25@smith.net' }] };

  it('weighs one disagreeing field instead of letting it veto', () => {
    expect(contra({ ...robert, birthDate: '1974-02-28' }, { ...robert, birthDate: '1984-02-25' })).toBe(
      false,
    );
    // Little known beside the one disagreement: still no contradiction.
    expect(contra({ birthDate: '1974-02-28' }, { birthDate: '1984-02-25' })).toBe(false);
  });

  it('sees two people in different given names and birth dates under one family name', () => {
    const anna = { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04' };
    expect(contra(anna, { givenName: 'Boris', familyName: 'Smith', birthDate: '1941-12-30' })).toBe(true);
  });

  it('is no contradiction where deterministic evidence links the pair itself', () => {
    const phone = [{ number: '0412345678', verified: true }];
    expect(
      contra(
        { givenName: 'Anna', familyName: 'Smith', birthDate: '1980-07-04', phones: phone },
        { givenName: 'Boris', familyName: 'Smith', birthDate: '1941-12-30', phones: phone },
      ),
    ).toBe(false);
  });

  it('clusters duplicates whose typos fall in different fields (Febrl 3: five records of one person)', () => {
    const original = {
      givenName: 'Mitchell',
      familyName: 'Green',
      birthDate: '1956-04-09',
      addresses: [{ streetNumber: '7', line1: 'Wallaby Place', locality: 'Cleveland', postcode: '2119' }],
    };
    const records = [
      person('rec-1-org', original),
      // One with another birth date, one with another postcode: their pair disagrees on both.
      person('rec-1-dup-0', { ...original, birthDate: '1965-11-30' }),
      person('rec-1-dup-1', { ...original, addresses: [{ ...original.addresses[0]!, postcode: '4870' }] }),
      person('rec-1-dup-2', { ...original, familyName: 'Grene' }),
    ];
    const res = resolveBatch(records, { model });
    expect(new Set(res.assignments.values()).size).toBe(1);
    expect(res.stats.refusedByGuard).toEqual({});
  });
});

describe('the personal-evidence guard', () => {
  // Hand model: +8 per exact field, prior -10; link at 0 bits, strong (p >= 0.99) from 6.6 bits.
  const register = (extra: Fields) => ({ givenName: 'Agnes', familyName: 'Blackwood', ...extra });

  it('links a strong pair whose names agree without birth date or identifier', () => {
    // Identical names and district, each record also carrying contact data the other lacks.
    const a = register({ addresses: [{ locality: 'Leith' }], emails: [{ address: 'agnes@x.org' }] });
    const b = register({ addresses: [{ locality: 'Leith' }], phones: [{ number: '0412345678' }] });
    const e = decide(a, b);
    expect(e.totalWeight).toBeGreaterThan(6.6);
    expect(e.decision).toEqual({ kind: 'link', reason: 'threshold:link' });
  });

  it('links register records (no contact data, no address) whose names and birth year agree', () => {
    // A historical register: a name with a slip, the same surname, one source knowing only the year.
    const e = decide(
      register({ givenName: 'Agnes', birthDate: '1750-06-12' }),
      register({ givenName: 'Agnis', birthDate: '1750' }),
    );
    expect(e.totalWeight).toBeLessThan(6.6);
    expect(e.decision).toEqual({ kind: 'link', reason: 'threshold:link' });
    // Another year, one slip away: nothing personal agrees, a steward looks.
    const slip = decide(
      register({ givenName: 'Agnes', birthDate: '1750-06-12' }),
      register({ givenName: 'Agnis', birthDate: '1751' }),
    );
    expect(slip.decision.kind).not.toBe('link');
  });

  it('still sends a pair above the link threshold but not strong to review', () => {
    const e = decide(register({ emails: [{ address: 'agnes@x.org' }] }), register({}));
    expect(e.totalWeight).toBeGreaterThan(0);
    expect(e.totalWeight).toBeLessThan(6.6);
    expect(e.decision).toEqual({ kind: 'review', reason: 'guard:no-personal-evidence' });
  });

  const address = [home];
  const mother = {
    givenName: 'Ruth',
    familyName: 'Son',
    addresses: address,
    emails: [{ address: 'r@x.org' }],
  };

  it('never links a strong household pair whose given names differ or are unknown', () => {
    expect(decide(mother, { ...mother, givenName: 'Tom', emails: [] }).decision.kind).not.toBe('link');
    expect(decide(mother, { familyName: 'Son', addresses: address }).decision.kind).not.toBe('link');
  });

  it('reviews a held-back household pair only when, the home counted once, a doubt is left', () => {
    // Hand model: the home and surname agree on five fields (+40 bits), which says "one household" once.
    // Tom Son: a different given name is all that is personal, and it says "another person": related.
    const son = decide(mother, { ...mother, givenName: 'Tom', emails: [] });
    expect(son.totalWeight).toBeGreaterThan(20);
    expect(son.decision).toEqual({ kind: 'separate', reason: 'guard:household-different-given-name' });
    expect(son.related).toEqual(['household-address']);
    // No given name on one side, the same birth year: nothing rules her out, so a steward looks.
    const ruth = { ...mother, birthDate: '1950-03-15' };
    const unnamed = decide(ruth, { familyName: 'Son', addresses: address, birthDate: '1950' });
    expect(unnamed.decision).toEqual({ kind: 'review', reason: 'guard:household-no-personal-evidence' });
    // Without the year, only the home says anything: one chance in five, below the review floor.
    expect(decide(ruth, { familyName: 'Son', addresses: address }).decision.kind).toBe('separate');
  });
});
