import { describe, expect, it } from 'vitest';
import { PersonRecord } from '@rapport/contracts';
import { generatePeople, meanRecordsPerPerson } from './generate-people.ts';
import { isLuhnValid } from './identifiers/luhn.ts';

const take = (options: Parameters<typeof generatePeople>[0]) => [...generatePeople(options)];

describe('generatePeople', () => {
  it('gives the same records for the same seed and different ones for another seed', () => {
    const a = take({ seed: 42, people: 300 });
    const b = take({ seed: 42, people: 300 });
    const c = take({ seed: 43, people: 300 });
    expect(JSON.stringify(a)).toEqual(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toEqual(JSON.stringify(c));
  });

  it('yields records the contract accepts, with unique record ids and a person for each', () => {
    const generated = take({ seed: 7, people: 2000 });
    const ids = new Set<string>();
    for (const { record, personId } of generated) {
      expect(PersonRecord.safeParse(record).success).toBe(true);
      expect(ids.has(record.recordId)).toBe(false);
      ids.add(record.recordId);
      expect(personId).toMatch(/^P\d{8}$/);
    }
    const people = new Set(generated.map((g) => g.personId));
    expect(people.size).toBe(2000);
    // The default distribution gives about 1.9 records per person.
    expect(generated.length / people.size).toBeCloseTo(meanRecordsPerPerson(), 0);
  });

  it('stops at maxRecords and honours the source weights', () => {
    const generated = take({
      seed: 1,
      people: 10_000,
      maxRecords: 500,
      sources: { crm: 1, loyalty: 0, social: 0 },
    });
    expect(generated).toHaveLength(500);
    expect(new Set(generated.map((g) => g.record.source))).toEqual(new Set(['crm']));
  });

  it('gives every loyalty card a valid Luhn check digit', () => {
    const cards = take({ seed: 3, people: 1000 }).flatMap((g) => g.record.cards.map((c) => c.number));
    expect(cards.length).toBeGreaterThan(300);
    expect(cards.every(isLuhnValid)).toBe(true);
  });

  it('puts the hard cases in: shared junk values, households, nicknames, Zipf-like surnames', () => {
    const generated = take({ seed: 11, people: 20_000 });
    const phoneOwners = new Map<string, Set<string>>();
    const surnameCounts = new Map<string, number>();
    let junkEmails = 0;
    let nicknames = 0;
    for (const { record, personId } of generated) {
      for (const phone of record.phones) {
        const raw = phone.number.replace(/\D/g, '');
        const digits = raw.startsWith('0044')
          ? '0' + raw.slice(4)
          : raw.startsWith('44')
            ? '0' + raw.slice(2)
            : raw;
        const owners = phoneOwners.get(digits) ?? new Set<string>();
        owners.add(personId);
        phoneOwners.set(digits, owners);
      }
      if (record.emails.some((e) => e.address === 'test@test.com')) junkEmails += 1;
      if (record.givenName === 'Bill' || record.givenName === 'Bob' || record.givenName === 'Liz')
        nicknames += 1;
      if (record.familyName !== undefined)
        surnameCounts.set(record.familyName, (surnameCounts.get(record.familyName) ?? 0) + 1);
    }
    const shared = [...phoneOwners.values()].filter((owners) => owners.size > 1).length;
    const storePhones = [...phoneOwners.values()].filter((owners) => owners.size > 5).length; // households hold at most 5
    expect(shared).toBeGreaterThan(100); // household landlines and store phones
    expect(storePhones).toBeGreaterThan(30);
    expect(junkEmails).toBeGreaterThan(10);
    expect(nicknames).toBeGreaterThan(10);
    const counts = [...surnameCounts.values()].sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThan(50 * (counts[Math.floor(counts.length / 2)] ?? 1));
    expect(surnameCounts.get('Smith')).toBeGreaterThan(200);
  });

  it('keeps memory flat: a large run is drawn lazily', () => {
    const iterator = generatePeople({ seed: 5, people: 10_000_000 });
    let n = 0;
    for (const _ of iterator) if (++n >= 5000) break;
    expect(n).toBe(5000);
  });
});
