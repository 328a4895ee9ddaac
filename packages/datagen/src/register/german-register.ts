import { germanSpelling } from '../corrupt/spelling.ts';
import { typo } from '../corrupt/typo.ts';
import type { Random } from '../random/random.ts';
import { weightedPicker, zipfPicker } from '../random/weighted.ts';
import {
  GERMAN_FEMALE_NAMES,
  GERMAN_MALE_NAMES,
  GERMAN_STREETS,
  GERMAN_SURNAMES_BY_RANK,
  GERMAN_TOWNS,
} from '../vocab/german-names.ts';
import { drawDate, pad2, swappable, yearSlip, type ProfileRows, type RegisterDate } from './register-row.ts';

/**
 * A German civil register: households at one address, German names (umlauts, ß, double given names,
 * double-barrelled married names), the birth date in three columns (year, month, day) each of which may be
 * missing on its own, spellings of one sound ("Müller", "Mueller"; "Schmidt", "Schmitt"), moves, and missing
 * cells written "NA".
 */
export const GERMAN_COLUMNS = [
  'id',
  'vorname',
  'nachname',
  'geburtsjahr',
  'geburtsmonat',
  'geburtstag',
  'strasse',
  'hausnummer',
  'plz',
  'ort',
] as const;

const female = zipfPicker(GERMAN_FEMALE_NAMES, 0.9);
const male = zipfPicker(GERMAN_MALE_NAMES, 0.9);
const surnames = zipfPicker(GERMAN_SURNAMES_BY_RANK, 0.9);
const householdSize = weightedPicker([1, 2, 3, 4], [0.35, 0.35, 0.18, 0.12]);
const recordCount = weightedPicker([1, 2, 3, 4], [0.45, 0.3, 0.15, 0.1]);

type Address = { street: string; number: string; postcode: string; town: string };
type GermanPerson = {
  id: string;
  given: string[];
  family: string;
  /** A married name written with the birth name in some records ("Müller-Schmidt"). */
  birthName: string | undefined;
  birth: RegisterDate;
  home: Address;
};

function drawAddress(random: Random): Address {
  const town = random.pick(GERMAN_TOWNS);
  return {
    street: random.pick(GERMAN_STREETS),
    number: String(1 + random.int(120)) + (random.chance(0.08) ? random.pick(['a', 'b']) : ''),
    postcode: town.postcode + random.digits(3),
    town: town.name,
  };
}

function drawGiven(random: Random, isFemale: boolean): string[] {
  const names = isFemale ? female : male;
  const first = names.pick(random);
  if (!random.chance(0.25)) return [first];
  const second = names.pick(random);
  return second === first ? [first] : [first, second];
}

/** An empty cell, written as nothing or as "NA". */
const missingCell = (random: Random): string => (random.chance(0.5) ? 'NA' : '');

function na(random: Random, value: string, missing: number): string {
  return random.chance(missing) ? missingCell(random) : value;
}

function writtenFamily(random: Random, p: GermanPerson): string {
  let family = p.family;
  if (p.birthName !== undefined && random.chance(0.4)) family = `${p.family}-${p.birthName}`;
  if (random.chance(0.15)) family = germanSpelling(random, family);
  if (random.chance(0.08)) family = typo(random, family);
  return family;
}

function writtenGiven(random: Random, p: GermanPerson): string {
  let given = p.given.length > 1 && random.chance(0.5) ? [p.given[0]!] : [...p.given];
  if (random.chance(0.12)) given = given.map((g, i) => (i === 0 ? germanSpelling(random, g) : g));
  if (random.chance(0.08)) given = given.map((g, i) => (i === 0 ? typo(random, g) : g));
  // A double name written with a hyphen or as one word.
  return given.join(random.chance(0.3) ? '-' : ' ');
}

function writtenStreet(random: Random, street: string): string {
  let out = street;
  if (random.chance(0.25)) out = out.replace(/straße$/, 'str.').replace(/Straße$/, 'Str.');
  if (random.chance(0.1)) out = out.replace('ß', 'ss');
  if (random.chance(0.07)) out = typo(random, out);
  return out;
}

function dateColumns(random: Random, birth: RegisterDate): [string, string, string] {
  if (random.chance(0.08)) return ['', '', ''];
  let { year, month, day } = birth;
  if (random.chance(0.04) && swappable(birth)) [month, day] = [day, month];
  if (random.chance(0.04)) year = yearSlip(random, year);
  return [
    String(year),
    random.chance(0.05) ? missingCell(random) : String(month),
    random.chance(0.08) ? missingCell(random) : random.chance(0.5) ? pad2(day) : String(day),
  ];
}

export const germanRows: ProfileRows = function* (random, people) {
  let drawn = 0;
  while (drawn < people) {
    const home = drawAddress(random);
    const name = surnames.pick(random);
    const size = Math.min(householdSize.pick(random), people - drawn);
    for (let m = 0; m < size; m++) {
      drawn += 1;
      const isFemale = m === 1 ? true : random.chance(0.5);
      const ownName = m === 0 || random.chance(0.8) ? name : surnames.pick(random);
      const married = isFemale && m === 1 && random.chance(0.4) ? surnames.pick(random) : undefined;
      const p: GermanPerson = {
        id: `G${String(drawn).padStart(7, '0')}`,
        given: drawGiven(random, isFemale),
        family: ownName,
        birthName: married,
        birth: m < 2 ? drawDate(random, 1930, 1985) : drawDate(random, 1975, 2010),
        home,
      };
      const count = recordCount.pick(random);
      for (let r = 0; r < count; r++) {
        const address = r > 0 && random.chance(0.15) ? drawAddress(random) : p.home;
        const [year, month, day] = dateColumns(random, p.birth);
        yield {
          personId: p.id,
          row: {
            vorname: na(random, writtenGiven(random, p), 0.04),
            nachname: na(random, writtenFamily(random, p), 0.03),
            geburtsjahr: year,
            geburtsmonat: month,
            geburtstag: day,
            strasse: na(random, writtenStreet(random, address.street), 0.06),
            hausnummer: na(random, address.number, 0.08),
            plz: na(random, random.chance(0.04) ? typo(random, address.postcode) : address.postcode, 0.1),
            ort: na(random, address.town, 0.1),
          },
        };
      }
    }
  }
};
