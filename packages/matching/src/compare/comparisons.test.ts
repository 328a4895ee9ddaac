import { describe, expect, it } from 'vitest';
import type { PersonRecordInput } from '@rapport/contracts';
import { person } from '../fixtures/person.fixture.ts';
import { DEFAULT_NORMALISE } from '../normalise/options.ts';
import { prepareRecord } from '../normalise/prepare.ts';
import { postcode, street, streetNumber, locality } from './address.ts';
import { birthDate, birthDatesClearlyDiffer } from './birth-date.ts';
import { email, phone } from './contact.ts';
import { handle, nationalId } from './identifier.ts';
import type { ComparisonDef } from './levels.ts';
import { familyName, givenName } from './name.ts';

type Fields = Omit<Partial<PersonRecordInput>, 'recordId'>;
function level(def: ComparisonDef, a: Fields, b: Fields): string {
  const pa = prepareRecord(person('a', a), DEFAULT_NORMALISE);
  const pb = prepareRecord(person('b', b), DEFAULT_NORMALISE);
  const l = def.compare(pa, pb);
  expect(def.compare(pb, pa)).toBe(l);
  return def.levels[l]!;
}

describe('given name', () => {
  it.each([
    [{ givenName: 'ZOË' }, { givenName: 'zoe' }, 'exact'],
    [{ givenName: 'Bill' }, { givenName: 'William' }, 'nickname'],
    [{ givenName: 'Mary Ann' }, { givenName: 'Mary' }, 'nickname'],
    [{ givenName: 'Jonathan' }, { givenName: 'Jonathon' }, 'close'],
    [{ givenName: 'J' }, { givenName: 'Jennifer' }, 'initial'],
    [{ givenName: 'Katrina' }, { givenName: 'Karina' }, 'close'],
    [{ givenName: 'Stephen' }, { givenName: 'Stefan' }, 'far'],
    [{ givenName: 'Anna' }, { givenName: 'Boris' }, 'different'],
    [{ givenName: 'Anna' }, {}, 'missing'],
  ])('%j vs %j is %s', (a, b, expected) => expect(level(givenName, a, b)).toBe(expected));

  it("treats given and family names typed in each other's field as close", () => {
    const a = { givenName: 'Lucinda', familyName: 'Burrill' };
    const b = { givenName: 'Burrill', familyName: 'Lucinda' };
    expect(level(givenName, a, b)).toBe('close');
    expect(level(familyName, a, b)).toBe('close');
  });
  it('sees a swap with a slip, or with the other name left out (fake_1000)', () => {
    const a = { givenName: 'Payne', familyName: 'Scarlett' };
    expect(level(givenName, a, { givenName: 'Scatletr', familyName: 'Payne' })).toBe('close');
    expect(level(familyName, { familyName: 'Taylor' }, { givenName: 'Taylor', familyName: 'Lola' })).toBe(
      'close',
    );
    expect(
      level(
        familyName,
        { givenName: 'Ann', familyName: 'Taylor' },
        { givenName: 'Taylor', familyName: 'Brown' },
      ),
    ).toBe('different');
  });

  it('reads "Family Given" display names through the swap', () => {
    expect(level(familyName, { fullName: 'Lee Ann' }, { givenName: 'Ann', familyName: 'Lee' })).toBe('close');
  });
});

describe('family name', () => {
  it.each([
    [{ familyName: 'Müller' }, { familyName: 'MULLER' }, 'exact'],
    [{ familyName: 'Van der Berg' }, { familyName: 'vanderberg' }, 'exact'],
    [{ familyName: 'Thompson' }, { familyName: 'Thomson' }, 'close'],
    [{ familyName: 'Smith' }, { familyName: 'Jones' }, 'different'],
  ])('%j vs %j is %s', (a, b, expected) => expect(level(familyName, a, b)).toBe(expected));
});

describe('birth date', () => {
  it.each([
    ['1980-07-04', '1980-07-04', 'exact'],
    ['1980-07-04', '1980-04-07', 'close'],
    ['1980-07-04', '1980-07-05', 'close'],
    ['1980-07-14', '1980-07-41', 'close'],
    ['1980-07-04', '1980', 'year'],
    ['1980-07-04', '1980-11-23', 'year'],
    ['1980-07-04', '1962-02-19', 'different'],
    ['1980-07', '1981', 'different'],
    // A date that cannot exist is a slip: close to a real date one slip away, otherwise no evidence.
    ['1974-01-64', '1974-06-14', 'close'],
    ['1940-97-16', '1949-07-16', 'close'],
    ['1974-00-94', '1962-02-19', 'missing'],
    ['1981-02-29', '1962-02-19', 'missing'],
    ['1980-02-29', '1962-02-19', 'different'],
  ])('%s vs %s is %s', (a, b, expected) =>
    expect(level(birthDate, { birthDate: a }, { birthDate: b })).toBe(expected),
  );

  it('flags dates clearly different in their year as negative evidence, a year known alone too', () => {
    const p = (d: string) => prepareRecord(person('x', { birthDate: d }), DEFAULT_NORMALISE).birth;
    expect(birthDatesClearlyDiffer(p('1980-07-04'), p('1962-02-19'))).toBe(true);
    expect(birthDatesClearlyDiffer(p('1980-07-04'), p('1980-04-07'))).toBe(false);
    // A register's year alone against a date a generation away; one slip in the year is not a contradiction.
    expect(birthDatesClearlyDiffer(p('1981-07-07'), p('1959'))).toBe(true);
    expect(birthDatesClearlyDiffer(p('1959'), p('1969'))).toBe(false);
    expect(birthDatesClearlyDiffer(p('1959'), p('1959-03-01'))).toBe(false);
    expect(birthDatesClearlyDiffer(p('1980-07-04'), p('1962-13-19'))).toBe(false);
    expect(birthDatesClearlyDiffer(p('1900-02-29'), p('1962-02-19'))).toBe(false);
    expect(birthDatesClearlyDiffer(p('2000-02-29'), p('1962-02-19'))).toBe(true);
  });
});

describe('email and phone', () => {
  it.each([
    [['Ann.Lee@gmail.com'], ['annlee+promo@gmail.com'], 'exact'],
    [['ann.lee@work.com', 'x@y.com'], ['ANN.LEE@work.com'], 'exact'],
    [['annlee@example.com'], ['annlee@other.net'], 'close'],
    [['annlee@example.com'], ['anlee@example.com'], 'close'],
    // Several slips in one address (fake_1000), and a mailbox name that is only the names at another provider.
    [['glolat86@bishop-giles.com'], ['lolat86@bishop-gilels.com'], 'far'],
    [['iwilkinsmn@bush.co'], ['iwilkinson@bush.com'], 'far'],
    [['ann@example.com'], ['bob@example.com'], 'different'],
    [[], ['bob@example.com'], 'missing'],
  ])('emails %j vs %j is %s', (a, b, expected) =>
    expect(
      level(
        email,
        { emails: a.map((address) => ({ address })) },
        { emails: b.map((address) => ({ address })) },
      ),
    ).toBe(expected),
  );
  it("compares only what a mailbox name holds beside the person's names (namesakes share the rest)", () => {
    const peter = (address: string) => ({ givenName: 'Peter', familyName: 'Smith', emails: [{ address }] });
    expect(level(email, peter('peter.smith@oakfield.ac.uk'), peter('peter.smith@pennine.co.uk'))).toBe(
      'missing',
    );
    expect(level(email, peter('petersmith@gmail.com'), peter('petersmith41@gmail.com'))).toBe('missing');
    expect(level(email, peter('psmith1965@oakfield.ac.uk'), peter('psmith1965@pennine.co.uk'))).toBe('close');
    // fake_1000: the names intact in both, slips in what is beside them.
    const may = (address: string) => ({ givenName: 'Harry', familyName: 'May', emails: [{ address }] });
    expect(level(email, may('hmay3@richarsson-rhooded.com'), may('hmay32@richardson-rhodes.com'))).toBe(
      'far',
    );
  });
  it.each([
    ['0412 345 678', '+61 412 345 678', 'exact'],
    ['0412 345 678', '0412 345 679', 'close'],
    ['0412 345 678', '0298 765 432', 'different'],
  ])('phones %s vs %s is %s', (a, b, expected) =>
    expect(level(phone, { phones: [{ number: a }] }, { phones: [{ number: b }] })).toBe(expected),
  );
});

describe('address', () => {
  const home = {
    streetNumber: '12',
    line1: 'Smith St',
    line2: 'Unit 4',
    locality: 'Richmond',
    postcode: '3121',
  };
  it('expands abbreviations and compares parts', () => {
    const other = {
      streetNumber: '12',
      line1: 'smith street',
      line2: 'unit 4',
      locality: 'RICHMOND',
      postcode: '3121',
    };
    expect(level(street, { addresses: [home] }, { addresses: [other] })).toBe('exact');
    expect(level(streetNumber, { addresses: [home] }, { addresses: [other] })).toBe('exact');
    expect(level(locality, { addresses: [home] }, { addresses: [other] })).toBe('exact');
  });
  it('sees swapped lines and transposed postcode digits as close', () => {
    const other = {
      streetNumber: '21',
      line1: 'Unit 4',
      line2: 'Smith Street',
      locality: 'Richmnod',
      postcode: '3112',
    };
    expect(level(street, { addresses: [home] }, { addresses: [other] })).toBe('close');
    expect(level(postcode, { addresses: [home] }, { addresses: [other] })).toBe('close');
    expect(level(streetNumber, { addresses: [home] }, { addresses: [other] })).toBe('close');
    expect(level(locality, { addresses: [home] }, { addresses: [other] })).toBe('close');
  });
  it('reads a street number written in line 1', () => {
    expect(level(streetNumber, { addresses: [{ line1: '12 Smith St' }] }, { addresses: [home] })).toBe(
      'exact',
    );
    expect(
      level(street, { addresses: [{ line1: '12 Smith St' }] }, { addresses: [{ line1: 'Smith Street' }] }),
    ).toBe('exact');
  });
  it('matches on the best of several addresses', () => {
    expect(
      level(postcode, { addresses: [{ postcode: '9999' }, home] }, { addresses: [{ postcode: '3121' }] }),
    ).toBe('exact');
  });
});

describe('handles and national id', () => {
  it('compares handles only on a shared platform, ignoring case', () => {
    expect(
      level(
        handle,
        { handles: [{ platform: 'x', handle: '@AnnLee' }] },
        { handles: [{ platform: 'X', handle: 'annlee' }] },
      ),
    ).toBe('exact');
    expect(
      level(
        handle,
        { handles: [{ platform: 'x', handle: 'ann' }] },
        { handles: [{ platform: 'x', handle: 'bob' }] },
      ),
    ).toBe('different');
    expect(
      level(
        handle,
        { handles: [{ platform: 'x', handle: 'ann' }] },
        { handles: [{ platform: 'tiktok', handle: 'bob' }] },
      ),
    ).toBe('missing');
  });
  it('sees one mistyped digit of an id as close', () => {
    expect(level(nationalId, { nationalId: '1234567' }, { nationalId: '1234576' })).toBe('close');
    expect(level(nationalId, { nationalId: '1234567' }, { nationalId: '7654321' })).toBe('different');
  });
});
