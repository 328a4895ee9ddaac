import { fold } from './text.ts';

/** How an extra attribute of a person (gender, occupation, birthplace, a customer's own field) is compared. */
export type AttributeKind = 'exact' | 'edit-distance' | 'jaro-winkler' | 'numeric' | 'date';

export type AttributeSpec = {
  /** The key in PersonRecord.attributes. */
  name: string;
  kind: AttributeKind;
  /** Graded kinds: the bound of the close level (edits, similarity, units or days; see ATTRIBUTE_DEFAULTS). */
  close?: number;
  /** Graded kinds: the bound of the far level. */
  far?: number;
};

export const ATTRIBUTE_KINDS: readonly AttributeKind[] = [
  'exact',
  'edit-distance',
  'jaro-winkler',
  'numeric',
  'date',
];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An attribute's value as compared: folded text, a number, or a date as days since 1970 (as text, so that equal
 * values are equal strings); '' when missing or not of the kind (a number that is not one says nothing).
 */
export function prepareAttribute(spec: AttributeSpec, raw: string | undefined): string {
  if (raw === undefined) return '';
  switch (spec.kind) {
    case 'numeric': {
      const n = Number(raw.trim().replace(',', '.'));
      return raw.trim() === '' || !Number.isFinite(n) ? '' : String(n);
    }
    case 'date': {
      const m = DATE_RE.exec(raw.trim());
      if (m === null) return '';
      const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      return Number.isFinite(t) ? String(t) : '';
    }
    default:
      return fold(raw);
  }
}
