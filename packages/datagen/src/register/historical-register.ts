import { englishSpelling, misread } from '../corrupt/spelling.ts';
import { typo } from '../corrupt/typo.ts';
import type { Random } from '../random/random.ts';
import { weightedPicker, zipfPicker } from '../random/weighted.ts';
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '../vocab/given-names.ts';
import { BIRTH_PLACES, OCCUPATIONS, PEERAGES } from '../vocab/historical.ts';
import { SURNAMES_BY_RANK } from '../vocab/surnames.ts';
import { drawDate, initial, pad2, yearSlip, type ProfileRows, type RegisterDate } from './register-row.ts';

/**
 * A register of historical persons gathered from many sources: about ten records per person, one full
 * name column (titles, several given names, "Surname, Given" and initials among them), dates from the
 * sixteenth century on, a third of them known only by their year and written as 1 January, most other
 * fields missing. No address, no contact data.
 */
export const HISTORICAL_COLUMNS = [
  'id',
  'name',
  'birth_date',
  'birth_place',
  'gender',
  'occupation',
] as const;

const female = zipfPicker(FEMALE_GIVEN_NAMES, 0.8);
const male = zipfPicker(MALE_GIVEN_NAMES, 0.8);
const surnames = zipfPicker(SURNAMES_BY_RANK, 1.0);
const places = zipfPicker(BIRTH_PLACES, 0.7);
const occupations = zipfPicker(OCCUPATIONS, 0.6);
// Records per person: a few known once, most from several sources (mean about 9.5).
const recordCount = weightedPicker(
  Array.from({ length: 18 }, (_, i) => i + 1),
  [8, 2, 3, ...Array.from({ length: 15 }, () => 5.8)],
);
const givenCount = weightedPicker([1, 2, 3], [0.5, 0.35, 0.15]);

type HistoricalPerson = {
  id: string;
  female: boolean;
  given: string[];
  family: string;
  title: string | undefined;
  peerage: string | undefined;
  birth: RegisterDate;
  /** Only the year is known: every source writes 1 January. */
  yearOnly: boolean;
  place: string;
  occupations: string[];
};

function drawPerson(random: Random, id: string): HistoricalPerson {
  const isFemale = random.chance(0.4);
  const names = isFemale ? female : male;
  const given: string[] = [];
  for (let n = givenCount.pick(random); given.length < n;) {
    const name = names.pick(random);
    if (!given.includes(name)) given.push(name);
  }
  const titles = isFemale
    ? ['Lady', 'Dame', 'Mrs', 'Miss', 'Dr']
    : ['Sir', 'Lord', 'Dr', 'Dr.', 'Rev.', 'Capt.', 'Mr'];
  const family = surnames.pick(random);
  return {
    id,
    female: isFemale,
    given,
    family,
    title: random.chance(0.2) ? random.pick(titles) : undefined,
    peerage:
      !isFemale && random.chance(0.04)
        ? `${random.pick(['1st', '2nd', '3rd'])} ${random.pick(PEERAGES)} ${random.pick(BIRTH_PLACES)}`
        : undefined,
    birth: drawDate(random, 1550, 1900),
    yearOnly: random.chance(0.33),
    place: places.pick(random),
    occupations: random.chance(0.3)
      ? [occupations.pick(random), occupations.pick(random)]
      : [occupations.pick(random)],
  };
}

function writtenName(random: Random, p: HistoricalPerson): string {
  let given = [...p.given];
  let family = p.family;
  const form = random.next();
  if (given.length > 1 && form < 0.3) given = [given[0]!];
  if (random.chance(0.08)) given = given.map(initial);
  if (random.chance(0.1)) family = typo(random, family);
  else if (random.chance(0.08)) family = englishSpelling(random, family);
  else if (random.chance(0.03)) family = misread(random, family);
  if (random.chance(0.08)) given = given.map((g, i) => (i === 0 && g.length > 2 ? typo(random, g) : g));
  const title = p.title !== undefined && random.chance(0.5) ? `${p.title} ` : '';
  const peerage = p.peerage !== undefined && random.chance(0.5) ? `, ${p.peerage}` : '';
  if (random.chance(0.03)) return `${title}${given.join(' ')}`;
  if (random.chance(0.08)) return `${family}, ${given.join(' ')}`;
  return `${title}${given.join(' ')} ${family}${peerage}`;
}

function writtenDate(random: Random, p: HistoricalPerson): string {
  if (random.chance(0.3)) return '';
  const year = random.chance(0.06)
    ? p.birth.year + (random.chance(0.5) ? 1 : -1)
    : random.chance(0.03)
      ? yearSlip(random, p.birth.year)
      : p.birth.year;
  // A source that knows the year only writes 1 January, as do all sources for a person known by the year.
  if (p.yearOnly || random.chance(0.12)) return `${year}-01-01`;
  return `${year}-${pad2(p.birth.month)}-${pad2(p.birth.day)}`;
}

export const historicalRows: ProfileRows = function* (random, people) {
  for (let i = 0; i < people; i++) {
    const p = drawPerson(random, `H${String(i + 1).padStart(7, '0')}`);
    const count = recordCount.pick(random);
    for (let r = 0; r < count; r++) {
      const place = random.chance(0.45) ? '' : random.chance(0.08) ? typo(random, p.place) : p.place;
      yield {
        personId: p.id,
        row: {
          name: writtenName(random, p),
          birth_date: writtenDate(random, p),
          birth_place: place,
          gender: random.chance(0.35) ? '' : p.female ? 'female' : 'male',
          occupation: random.chance(0.55) ? '' : random.pick(p.occupations),
        },
      };
    }
  }
};
