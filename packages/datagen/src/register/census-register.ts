import { misread } from '../corrupt/spelling.ts';
import { formatPhone } from '../corrupt/phone-format.ts';
import { typo } from '../corrupt/typo.ts';
import type { Random } from '../random/random.ts';
import { weightedPicker, zipfPicker } from '../random/weighted.ts';
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, NICKNAMES } from '../vocab/given-names.ts';
import { STREET_NAMES, STREET_TYPES, TOWN_WEIGHTS, TOWNS } from '../vocab/places.ts';
import { SURNAMES_BY_RANK } from '../vocab/surnames.ts';
import { drawDate, pad2, swappable, yearSlip, type ProfileRows, type RegisterDate } from './register-row.ts';

/**
 * A synthetic population as another generator would make it: households with a landline, records from
 * several points of a life rather than typing slips. Surnames change at marriage, people move (a new
 * address, postcode and phone), go by a nickname, an initial or their middle name; birth dates are written
 * day first and sometimes read the other way round; few typos, some misread characters, whole records in
 * capitals.
 */
export const CENSUS_COLUMNS = [
  'record_id',
  'first_name',
  'middle_name',
  'last_name',
  'dob',
  'address',
  'city',
  'postcode',
  'phone',
] as const;

const female = zipfPicker(FEMALE_GIVEN_NAMES, 0.9);
const male = zipfPicker(MALE_GIVEN_NAMES, 0.9);
const surnames = zipfPicker(SURNAMES_BY_RANK, 1.0);
const towns = weightedPicker(TOWNS, TOWN_WEIGHTS);
const householdSize = weightedPicker([1, 2, 3, 4, 5], [0.3, 0.35, 0.15, 0.15, 0.05]);
const recordCount = weightedPicker([1, 2, 3, 4, 5], [0.35, 0.3, 0.2, 0.1, 0.05]);

type Home = { line: string; city: string; postcode: string; phone: string };
type CensusPerson = {
  id: string;
  female: boolean;
  given: string;
  middle: string;
  family: string;
  /** The surname taken at marriage, carried by some of the person's later records. */
  married: string | undefined;
  birth: RegisterDate;
  home: Home;
};

function drawHome(random: Random): Home {
  const town = towns.pick(random);
  const street = `${1 + random.int(200)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_TYPES).full}`;
  const postcode = `${town.postcodeArea}${1 + random.int(20)} ${random.int(10)}${random.pick(['AB', 'DE', 'HL', 'NP', 'RT', 'WX'])}`;
  return {
    line: street,
    city: town.name,
    postcode,
    phone: `${town.areaCode}${random.digits(11 - town.areaCode.length)}`,
  };
}

function drawPerson(random: Random, id: string, family: string, home: Home, adult: boolean): CensusPerson {
  const isFemale = random.chance(0.5);
  const names = isFemale ? female : male;
  const given = names.pick(random);
  let middle = random.chance(0.45) ? names.pick(random) : '';
  if (middle === given) middle = '';
  return {
    id,
    female: isFemale,
    given,
    middle,
    family,
    married: isFemale && adult && random.chance(0.3) ? surnames.pick(random) : undefined,
    birth: adult ? drawDate(random, 1935, 1990) : drawDate(random, 1985, 2015),
    home,
  };
}

function writtenFirst(random: Random, p: CensusPerson): [string, string] {
  const nick = NICKNAMES[p.given];
  const roll = random.next();
  if (roll < 0.15 && nick !== undefined) return [random.pick(nick), p.middle];
  if (roll < 0.2) return [p.given[0]!, p.middle];
  // Known by the middle name: it moves to the first column.
  if (roll < 0.25 && p.middle !== '') return [p.middle, ''];
  return [p.given, random.chance(0.3) ? '' : p.middle];
}

function writtenDob(random: Random, b: RegisterDate): string {
  if (random.chance(0.08)) return '';
  let { year, month, day } = b;
  if (random.chance(0.05) && swappable(b)) [month, day] = [day, month];
  if (random.chance(0.03)) year = yearSlip(random, year);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

function slip(random: Random, value: string): string {
  if (value.length < 3) return value;
  if (random.chance(0.04)) return typo(random, value);
  if (random.chance(0.03)) return misread(random, value);
  return value;
}

export const censusRows: ProfileRows = function* (random, people) {
  let drawn = 0;
  while (drawn < people) {
    const home = drawHome(random);
    const family = surnames.pick(random);
    const size = Math.min(householdSize.pick(random), people - drawn);
    for (let m = 0; m < size; m++) {
      drawn += 1;
      const ownFamily = m === 0 || random.chance(0.85) ? family : surnames.pick(random);
      const p = drawPerson(random, `C${String(drawn).padStart(7, '0')}`, ownFamily, home, m < 2);
      const count = recordCount.pick(random);
      for (let r = 0; r < count; r++) {
        const moved = r > 0 && random.chance(0.3) ? drawHome(random) : p.home;
        const [first, middle] = writtenFirst(random, p);
        const family = p.married !== undefined && random.chance(0.5) ? p.married : p.family;
        const upper = random.chance(0.1);
        const cell = (v: string): string => (upper ? v.toUpperCase() : v);
        yield {
          personId: p.id,
          row: {
            first_name: cell(slip(random, first)),
            middle_name: cell(middle),
            last_name: cell(random.chance(0.03) ? '' : slip(random, family)),
            dob: writtenDob(random, p.birth),
            address: cell(random.chance(0.1) ? '' : slip(random, moved.line)),
            city: cell(random.chance(0.15) ? '' : moved.city),
            postcode: random.chance(0.12) ? '' : moved.postcode,
            phone: random.chance(0.5) ? '' : formatPhone(random, moved.phone),
          },
        };
      }
    }
  }
};
