import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/random.ts';
import { windowShuffle } from '../random/window-shuffle.ts';
import { csvLine, generateRegister, registerColumns, type RegisterProfile } from './generate-register.ts';

const PROFILES: RegisterProfile[] = ['historical', 'german', 'census'];
const rows = (profile: RegisterProfile, seed = 3, people = 300) => [
  ...generateRegister({ seed, profile, people }),
];

describe('generateRegister', () => {
  it.each(PROFILES)('%s: seeded, every column in every row, unique ids, the truth for each', (profile) => {
    const a = rows(profile);
    expect(JSON.stringify(rows(profile))).toBe(JSON.stringify(a));
    expect(JSON.stringify(rows(profile, 4))).not.toBe(JSON.stringify(a));
    const columns = registerColumns(profile);
    const ids = new Set<string>();
    for (const { row } of a) {
      expect(Object.keys(row).sort()).toEqual([...columns].sort());
      ids.add(row[columns[0]!]!);
    }
    expect(ids.size).toBe(a.length);
    expect(new Set(a.map((r) => r.personId)).size).toBe(300);
  });

  it('writes what each profile is about', () => {
    const historical = rows('historical').map((r) => r.row);
    // About ten records a person, dates before 1800, a year known alone written as 1 January.
    expect(historical.length / 300).toBeGreaterThan(7);
    expect(historical.some((r) => /^1[5-7]\d\d-/.test(r['birth_date']!))).toBe(true);
    const jan1 = historical.filter((r) => r['birth_date']!.endsWith('-01-01')).length;
    expect(jan1 / historical.filter((r) => r['birth_date'] !== '').length).toBeGreaterThan(0.2);
    const german = rows('german').map((r) => r.row);
    expect(german.some((r) => Object.values(r).includes('NA'))).toBe(true);
    expect(german.every((r) => r['geburtsjahr'] === '' || /^\d{4}$/.test(r['geburtsjahr']!))).toBe(true);
    const census = rows('census').map((r) => r.row);
    expect(census.every((r) => r['dob'] === '' || /^\d\d\/\d\d\/\d{4}$/.test(r['dob']!))).toBe(true);
  });
});

describe('windowShuffle', () => {
  it('moves items but loses and doubles none, and keeps the order with window 0', () => {
    const items = Array.from({ length: 5000 }, (_, i) => i);
    const shuffled = [...windowShuffle(createRandom(1), 100, items)];
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect([...windowShuffle(createRandom(1), 0, items)]).toEqual(items);
    expect([...windowShuffle(createRandom(1), 100, items, 10)]).toHaveLength(10);
  });
});

describe('csvLine', () => {
  it('quotes fields holding a comma, a quote or a line break', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'x\ny'])).toBe('a,"b,c","say ""hi""","x\ny"');
  });
});
