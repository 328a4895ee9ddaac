import { describe, expect, it } from 'vitest';
import { parseBirthDate } from './birth-date.ts';
import { luhnValid, normaliseCard } from './card.ts';
import { normaliseEmail } from './email.ts';
import { normaliseHandle } from './handle.ts';
import { DEFAULT_NORMALISE, mergeNormalise } from './options.ts';
import { normalisePhone } from './phone.ts';
import { prepareRecord } from './prepare.ts';
import { fold, soundex } from './text.ts';
import { person } from '../fixtures/person.fixture.ts';

describe('fold', () => {
  it('removes case, diacritics and punctuation', () => {
    expect(fold('  Zoë  Müller-Łukasz ')).toBe('zoe muller lukasz');
    expect(fold("O'Brien")).toBe('o brien');
    expect(fold('STRAßE')).toBe('strasse');
  });
  it('soundex groups similar-sounding names', () => {
    expect(soundex('robert')).toBe('r163');
    expect(soundex('rupert')).toBe('r163');
    expect(soundex('ashcraft')).toBe('a261');
    // Equal codes side by side (p, f) count once, and after the first letter too; vowels separate them.
    expect(soundex('pfister')).toBe('p236');
    expect(soundex('tymczak')).toBe('t522');
    expect(soundex('honeyman')).toBe('h555');
    // Short names are padded; what is not a letter a-z is skipped.
    expect(soundex('lee')).toBe('l000');
    expect(soundex('o brien')).toBe('o165');
    expect(soundex('9x')).toBe('x000');
    expect(soundex('')).toBe('');
  });
});

describe('email', () => {
  it('folds case and strips plus tags', () => {
    expect(normaliseEmail(' Ann.Lee+shop@Example.COM ', DEFAULT_NORMALISE)).toBe('ann.lee@example.com');
  });
  it('applies Gmail dot rules and maps googlemail', () => {
    expect(normaliseEmail('a.n.n+x@googlemail.com', DEFAULT_NORMALISE)).toBe('ann@gmail.com');
  });
  it('provider rules are configurable', () => {
    const opts = mergeNormalise(DEFAULT_NORMALISE, { stripPlusTags: false, emailProviders: {} });
    expect(normaliseEmail('a.n.n+x@gmail.com', opts)).toBe('a.n.n+x@gmail.com');
  });
  it('rejects non-addresses', () => {
    expect(normaliseEmail('nobody', DEFAULT_NORMALISE)).toBeUndefined();
  });
});

describe('phone', () => {
  it('reads national numbers with the default region', () => {
    expect(normalisePhone('0412 345 678', DEFAULT_NORMALISE)).toBe('+61412345678');
    expect(normalisePhone('(02) 9876 5432', DEFAULT_NORMALISE)).toBe('+61298765432');
  });
  it('uses a configured default region', () => {
    expect(normalisePhone('(415) 555-2671', mergeNormalise(DEFAULT_NORMALISE, { defaultRegion: 'US' }))).toBe(
      '+14155552671',
    );
  });
  it('keeps international numbers whatever the default region', () => {
    expect(normalisePhone('+44 20 7946 0958', DEFAULT_NORMALISE)).toBe('+442079460958');
  });
  it('drops junk numbers when preparing a record', () => {
    const p = prepareRecord(
      person('x', {
        phones: [{ number: '0000000000' }, { number: '1111 111 111' }, { number: '0412345678' }],
      }),
      DEFAULT_NORMALISE,
    );
    expect(p.phones).toEqual(['+61412345678']);
  });
});

describe('cards and handles', () => {
  it('checks Luhn only where the programme has one', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    const opts = mergeNormalise(DEFAULT_NORMALISE, { cardPrograms: { gold: { luhn: true } } });
    expect(normaliseCard('Gold', '7992 7398 713', opts)).toBe('gold:79927398713');
    expect(normaliseCard('gold', '79927398710', opts)).toBeUndefined();
    expect(normaliseCard('plain', '79927398710', opts)).toBe('plain:79927398710');
  });
  it('ignores case and @ except on case-sensitive platforms', () => {
    expect(normaliseHandle('Instagram', '@Ann_Lee', DEFAULT_NORMALISE)).toBe('instagram:ann_lee');
    const opts = mergeNormalise(DEFAULT_NORMALISE, { caseSensitiveHandlePlatforms: ['mastodon'] });
    expect(normaliseHandle('mastodon', 'Ann', opts)).toBe('mastodon:Ann');
  });
});

describe('birth date', () => {
  it('parses full, compact, month and year precision', () => {
    expect(parseBirthDate('1980-07-04')).toMatchObject({ year: 1980, month: 7, day: 4, digits: '19800704' });
    expect(parseBirthDate('19800704')).toMatchObject({ digits: '19800704' });
    expect(parseBirthDate('1980-07')).toMatchObject({ year: 1980, month: 7, day: 0, digits: '' });
    expect(parseBirthDate('1980')).toMatchObject({ year: 1980, month: 0 });
    expect(parseBirthDate('July 4')).toBeUndefined();
  });
});

describe('prepareRecord', () => {
  it('splits a display name and maps nicknames', () => {
    const p = prepareRecord(person('x', { fullName: 'Bill  Ó Súilleabháin' }), DEFAULT_NORMALISE);
    expect(p.given).toBe('bill');
    expect(p.givenForms).toEqual(['william']);
    expect(p.family).toBe('osuilleabhain');
  });
  it('keeps every given name of a display name, and the family name with its particles', () => {
    const p = prepareRecord(person('x', { fullName: 'John Ronald Reuel Tolkien' }), DEFAULT_NORMALISE);
    expect([p.given, p.givenFirst, p.family]).toEqual(['johnronaldreuel', 'john', 'tolkien']);
    const q = prepareRecord(person('x', { fullName: 'Ludwig van Beethoven' }), DEFAULT_NORMALISE);
    expect([q.given, q.family]).toEqual(['ludwig', 'vanbeethoven']);
    const r = prepareRecord(person('x', { fullName: 'Tolkien, John R. R.' }), DEFAULT_NORMALISE);
    expect([r.givenFirst, r.family]).toEqual(['john', 'tolkien']);
  });
  it('drops titles, honorifics and peerages', () => {
    const name = (fields: Parameters<typeof person>[1]) => {
      const p = prepareRecord(person('x', fields), DEFAULT_NORMALISE);
      return `${p.given} ${p.family}`;
    };
    expect(name({ fullName: 'Sir Fitzroy Somerset, 1st Baron Raglan' })).toBe('fitzroy somerset');
    expect(name({ fullName: 'Fitzroy Somerset 1st Baron Raglan' })).toBe('fitzroy somerset');
    expect(name({ givenName: 'Lady Jane', familyName: 'Grey' })).toBe('jane grey');
    expect(name({ givenName: 'Dr. Ann', familyName: 'Lee Jr' })).toBe('ann lee');
  });
  it('maps a diminutive to every formal name it may stand for', () => {
    const forms = (g: string) => prepareRecord(person('x', { givenName: g }), DEFAULT_NORMALISE).givenForms;
    expect(forms('teddy')).toEqual(['edward', 'theodore']);
    expect(forms('molly')).toContain('mary');
    expect(forms('zebedee')).toEqual(['zebedee']);
  });
  it('drops junk emails and names', () => {
    const p = prepareRecord(
      person('x', { givenName: 'Unknown', emails: [{ address: 'TEST@test.com' }] }),
      DEFAULT_NORMALISE,
    );
    expect(p.given).toBe('');
    expect(p.emails).toEqual([]);
  });
});
