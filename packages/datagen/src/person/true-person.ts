/** The latent truth the generator draws records from: who a person really is, before any system records them. */
export interface TrueAddress {
  flat?: string;
  streetNumber: string;
  street: string;
  streetType: { full: string; short: string };
  locality: string;
  county: string;
  postcode: string;
}

export interface TrueDate {
  year: number;
  month: number;
  day: number;
}

export interface Household {
  householdId: string;
  address: TrueAddress;
  /** National form, digits only; shared by everyone in the household. */
  landline?: string;
  areaCode: string;
}

export interface TruePerson {
  personId: string;
  household: Household;
  sex: 'female' | 'male';
  givenName: string;
  middleName?: string;
  familyName: string;
  birthDate: TrueDate;
  email: string;
  workEmail?: string;
  mobile: string;
  /** A number the person had before; older records still carry it. */
  previousMobile?: string;
  /** Where the person lived before joining this household; older records still carry it. */
  previousAddress?: TrueAddress;
  handles: { platform: string; handle: string }[];
  /** The card of the person's first loyalty account; CRM records sometimes quote it. */
  primaryCard: string;
}

/** The mobile a record shows: a stale record carries the previous one where the person had one. */
export function mobileAsOf(person: TruePerson, stale: boolean): string {
  return stale && person.previousMobile !== undefined ? person.previousMobile : person.mobile;
}

/** The address a record shows: a stale record carries the previous one where the person had one. */
export function addressAsOf(person: TruePerson, stale: boolean): TrueAddress {
  return stale && person.previousAddress !== undefined ? person.previousAddress : person.household.address;
}
