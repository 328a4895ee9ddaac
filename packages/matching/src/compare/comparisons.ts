import type { NormaliseOptions } from '../normalise/options.ts';
import { postcode, street, streetNumber, locality } from './address.ts';
import { attributeComparison } from './attribute.ts';
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

/** The comparisons of a model: the built-in ones, then one per configured extra attribute. */
export function comparisonsFor(normalise: NormaliseOptions): readonly ComparisonDef[] {
  const attributes = normalise.attributes ?? [];
  if (attributes.length === 0) return COMPARISONS;
  return [...COMPARISONS, ...attributes.map((spec, i) => attributeComparison(spec, i))];
}
