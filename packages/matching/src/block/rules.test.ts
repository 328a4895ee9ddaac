import { describe, expect, it } from 'vitest';
import type { PersonRecordInput } from '@rapport/contracts';
import { person } from '../fixtures/person.fixture.ts';
import { DEFAULT_NORMALISE } from '../normalise/options.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import { blockingKeys } from './keys.ts';
import { DEFAULT_BLOCKING, sessionFixes } from './rules.ts';

type Fields = Omit<Partial<PersonRecordInput>, 'recordId'>;

/** The default rules (other than comparing a small file whole) under which the two records share a key. */
function sharedRules(a: Fields, b: Fields): string[] {
  const pa = prepareRecord(person('a', a), DEFAULT_NORMALISE);
  const pb = prepareRecord(person('b', b), DEFAULT_NORMALISE);
  return DEFAULT_BLOCKING.filter((rule) => rule.on.length > 0)
    .filter((rule) => {
      const kb = blockingKeys(rule, pb);
      return blockingKeys(rule, pa).some((k) => kb.includes(k));
    })
    .map((rule) => rule.name);
}

describe('default blocking rules', () => {
  it('reach pairs the earlier rules never compared (quoted in issue 14)', () => {
    // A scrambled family name beside an exact given name and birth date.
    expect(
      sharedRules(
        { givenName: 'Nancy', familyName: 'lWisliaml', birthDate: '1972-01-18' },
        { givenName: 'Nancy', familyName: 'Williasm', birthDate: '1972-01-18' },
      ),
    ).toContain('birth-date+either-name-soundex');
    // A doubled letter in the given name, no family name on one side, a birth date two days off.
    const town = [{ locality: 'Manchester' }];
    expect(
      sharedRules(
        { givenName: 'Ollie', familyName: 'Rewo', birthDate: '2006-12-05', addresses: town },
        { givenName: 'OOllie', birthDate: '2006-12-03', addresses: town },
      ),
    ).toContain('birth-month+either-name-soundex');
  });

  it('reach names typed in the other field with a typo, and a name with the town', () => {
    expect(
      sharedRules(
        { givenName: 'Scarlett', familyName: 'Payne' },
        { givenName: 'Payne', familyName: 'Scarlet' },
      ),
    ).toContain('name-soundex-any-order');
    expect(
      sharedRules(
        { givenName: 'Isabelle', addresses: [{ locality: 'Utakarra' }] },
        { givenName: 'Isabelle', familyName: 'Smith', addresses: [{ locality: 'Utakarra' }] },
      ),
    ).toContain('either-name+locality');
  });

  it('compare a small file whole, and no larger one', () => {
    const all = DEFAULT_BLOCKING.find((rule) => rule.on.length === 0)!;
    const pa = prepareRecord(person('a'), DEFAULT_NORMALISE);
    expect(blockingKeys(all, pa)).toEqual(blockingKeys(all, prepareRecord(person('b'), DEFAULT_NORMALISE)));
    expect(all.maxBlockSize).toBeGreaterThan(0);
  });
});

describe('sessionFixes', () => {
  const fixes = (name: string) => [...sessionFixes(DEFAULT_BLOCKING.find((r) => r.name === name)!)].sort();

  it('leaves both names alone when the key holds both, in either order', () => {
    expect(fixes('names-any-order')).toEqual(['familyName', 'givenName']);
    expect(fixes('name-soundex-any-order')).toEqual(['familyName', 'givenName']);
  });

  it('leaves every field a household shares alone when the key is one a household shares', () => {
    const household = ['familyName', 'locality', 'phone', 'postcode', 'street', 'streetNumber'];
    expect(fixes('postcode+street-number')).toEqual(household);
    expect(fixes('phone')).toEqual(household);
    expect(fixes('birth-date+postcode')).toEqual(['birthDate', ...household].sort());
    expect(fixes('all-pairs')).toEqual([]);
    // A personal key leaves the household's fields to be estimated.
    expect(fixes('email')).toEqual(['email']);
    expect(fixes('birth-date+either-name-soundex')).toEqual(['birthDate']);
  });
});
