import { postcode, street, streetNumber, locality } from './address.ts';
import { birthDate } from './birth-date.ts';
import { email, phone } from './contact.ts';
import { handle, nationalId } from './identifier.ts';
import type { ComparisonDef, ComparisonName } from './levels.ts';
import { familyName, givenName } from './name.ts';

/** Every field comparison, in the order of a model's comparison vector. */
export const COMPARISONS: readonly ComparisonDef[] = [
  givenName,
  familyName,
  birthDate,
  email,
  phone,
  streetNumber,
  street,
  locality,
  postcode,
  handle,
  nationalId,
];

export const COMPARISON_BY_NAME: ReadonlyMap<ComparisonName, ComparisonDef> = new Map(
  COMPARISONS.map((c) => [c.name, c]),
);
