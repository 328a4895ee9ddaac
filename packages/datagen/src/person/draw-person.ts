import type { Random } from '../random/random.ts';
import { weightedPicker, zipfPicker } from '../random/weighted.ts';
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '../vocab/given-names.ts';
import { SURNAMES_BY_RANK } from '../vocab/surnames.ts';
import {
  EMAIL_DOMAINS,
  EMAIL_DOMAIN_WEIGHTS,
  HANDLE_PLATFORMS,
  WORK_DOMAINS,
} from '../vocab/email-domains.ts';
import {
  FLAT_PREFIXES,
  STREET_NAME_ENDINGS,
  STREET_NAMES,
  STREET_TYPES,
  TOWN_WEIGHTS,
  TOWNS,
} from '../vocab/places.ts';
import { luhnCheckDigit } from '../identifiers/luhn.ts';
import type { Household, TrueAddress, TrueDate, TruePerson } from './true-person.ts';

const femaleNames = zipfPicker(FEMALE_GIVEN_NAMES, 0.9);
const maleNames = zipfPicker(MALE_GIVEN_NAMES, 0.9);
const surnames = zipfPicker(SURNAMES_BY_RANK, 1.0);
const emailDomains = weightedPicker(EMAIL_DOMAINS, EMAIL_DOMAIN_WEIGHTS);
const towns = weightedPicker(TOWNS, TOWN_WEIGHTS);

// Letters Royal Mail leaves out of the inward code.
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
// The first local digit that makes a valid number for the short (02x) area codes.
const LOCAL_FIRST_DIGITS: Readonly<Record<string, string>> = {
  '020': '378',
  '029': '2',
  '023': '8',
  '024': '7',
  '028': '9',
};
// Common mobile ranges (074, 075, 077, 078, 079); 076 is pagers and 070 personal numbers.
const MOBILE_SECOND_DIGITS = '45789';

/**
 * Mailboxes and handles are unique: a provider or platform refuses a taken name, so people add digits.
 * Remembers 32-bit hashes of what was issued (a false clash only adds digits to a name that was free).
 */
export class IssuedNames {
  readonly #taken = new Set<number>();

  static #hash(value: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  /** `make(suffix)` with an empty suffix first, then with more and more digits until the result is free. */
  claim(random: Random, make: (suffix: string) => string): string {
    let value = make('');
    for (let width = 2; this.#taken.has(IssuedNames.#hash(value)); width = Math.min(width + 1, 8)) {
      value = make(random.digits(width));
    }
    this.#taken.add(IssuedNames.#hash(value));
    return value;
  }
}

export function drawFamilyName(random: Random): string {
  return surnames.pick(random);
}

export function drawMobile(random: Random): string {
  return '07' + random.pick([...MOBILE_SECOND_DIGITS]) + random.digits(8);
}

export function drawLandline(random: Random, areaCode: string): string {
  const first = LOCAL_FIRST_DIGITS[areaCode] ?? '2345678';
  const local = random.pick([...first]) + random.digits(11 - areaCode.length - 1);
  return areaCode + local;
}

function drawPostcode(random: Random, area: string): string {
  const district = String(1 + random.int(area.length === 1 ? 30 : 20));
  const inward = String(random.int(10)) + random.pick([...INWARD_LETTERS]) + random.pick([...INWARD_LETTERS]);
  return `${area}${district} ${inward}`;
}

function drawStreetName(random: Random): string {
  const name = random.pick(STREET_NAMES);
  // A third of streets carry a plain name (High Street); the rest a compound one (Oakfield Road).
  if (random.chance(0.34)) return name;
  const ending = random.pick(STREET_NAME_ENDINGS);
  return name.toLowerCase().endsWith(ending) || /(field|side|ford)$/.test(name) ? name : name + ending;
}

export function drawAddress(random: Random): { address: TrueAddress; areaCode: string } {
  const town = towns.pick(random);
  const flat = random.chance(0.18) ? `${random.pick(FLAT_PREFIXES)} ${1 + random.int(24)}` : undefined;
  const address: TrueAddress = {
    streetNumber: String(1 + Math.floor(Math.pow(random.next(), 2) * 220)),
    street: drawStreetName(random),
    streetType: random.pick(STREET_TYPES),
    locality: town.name,
    county: town.county,
    postcode: drawPostcode(random, town.postcodeArea),
  };
  if (flat !== undefined) address.flat = flat;
  return { address, areaCode: town.areaCode };
}

export function drawHousehold(random: Random, householdId: string): Household {
  const { address, areaCode } = drawAddress(random);
  const household: Household = { householdId, address, areaCode };
  if (random.chance(0.45)) household.landline = drawLandline(random, areaCode);
  return household;
}

function drawBirthDate(random: Random): TrueDate {
  const year = 1938 + random.int(70);
  const month = 1 + random.int(12);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: 1 + random.int(daysInMonth) };
}

function asciiLower(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

function drawEmail(
  random: Random,
  issued: IssuedNames,
  given: string,
  family: string,
  birthYear: number,
): string {
  const g = asciiLower(given);
  const f = asciiLower(family);
  const local = random.pick([
    `${g}.${f}`,
    `${g}${f}`,
    `${g.charAt(0)}${f}`,
    `${g}_${f}`,
    `${f}.${g}`,
    `${g}.${f.charAt(0)}`,
  ]);
  // A suffix keeps common names from colliding, as mailbox providers force people to add one.
  const suffixRoll = random.next();
  const suffix =
    suffixRoll < 0.15
      ? ''
      : suffixRoll < 0.55
        ? random.digits(2)
        : suffixRoll < 0.8
          ? String(birthYear)
          : random.digits(4);
  const domain = emailDomains.pick(random);
  return issued.claim(random, (more) => `${local}${suffix}${more}@${domain}`);
}

function drawHandle(
  random: Random,
  issued: IssuedNames,
  platform: string,
  given: string,
  family: string,
): string {
  const base = drawHandleBase(random, given, family);
  return issued.claim(random, (more) => `${platform}:${base}${more}`).slice(platform.length + 1);
}

function drawHandleBase(random: Random, given: string, family: string): string {
  const g = asciiLower(given);
  const f = asciiLower(family);
  switch (random.int(5)) {
    case 0:
      return `${g}${f}`;
    case 1:
      return `${g}_${f}${random.digits(2)}`;
    case 2:
      return `${g.charAt(0)}${f}${random.digits(3)}`;
    case 3:
      return `the_${g}_${f.slice(0, 3)}`;
    default:
      // Many handles have nothing to do with the name.
      return `${random.pick(['sunny', 'urban', 'quiet', 'lucky', 'wild', 'north', 'retro'])}${random.pick(['fox', 'kettle', 'runner', 'baker', 'pixel', 'wave'])}${random.digits(2)}`;
  }
}

/** A 16-digit card: program prefix 6277, 11 digits, Luhn check digit. */
export function drawLoyaltyCard(random: Random): string {
  const body = '6277' + random.digits(11);
  return body + luhnCheckDigit(body);
}

export function drawPerson(
  random: Random,
  personId: string,
  household: Household,
  familyName: string,
  issued: IssuedNames,
  /** Given names already used in the household: relatives rarely share one (a Junior now and then). */
  householdGivenNames: readonly string[] = [],
): TruePerson {
  const sex = random.chance(0.52) ? 'female' : 'male';
  const names = sex === 'female' ? femaleNames : maleNames;
  let givenName = names.pick(random);
  if (householdGivenNames.includes(givenName)) givenName = names.pick(random);
  const birthDate = drawBirthDate(random);
  const person: TruePerson = {
    personId,
    household,
    sex,
    givenName,
    familyName,
    birthDate,
    email: drawEmail(random, issued, givenName, familyName, birthDate.year),
    mobile: drawMobile(random),
    handles: [],
    primaryCard: drawLoyaltyCard(random),
  };
  if (random.chance(0.45)) {
    let middle = names.pick(random);
    if (middle === givenName) middle = names.pick(random);
    if (middle !== givenName) person.middleName = middle;
  }
  if (random.chance(0.25)) {
    const domain = random.pick(WORK_DOMAINS);
    person.workEmail = issued.claim(
      random,
      (more) => `${asciiLower(givenName)}.${asciiLower(familyName)}${more}@${domain}`,
    );
  }
  if (random.chance(0.2)) person.previousMobile = drawMobile(random);
  if (random.chance(0.35)) person.previousAddress = drawAddress(random).address;
  const handleCount = random.chance(0.3) ? 2 : 1;
  for (let i = 0; i < handleCount; i++) {
    const platform = random.pick(HANDLE_PLATFORMS);
    person.handles.push({ platform, handle: drawHandle(random, issued, platform, givenName, familyName) });
  }
  return person;
}
