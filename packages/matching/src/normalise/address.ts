import type { PersonRecord } from '@rapport/contracts';
import { fold } from './text.ts';

// Street-type abbreviations as written on forms, expanded so "12 Smith St" meets "12 smith street".
const STREET_WORDS: Record<string, string> = {
  st: 'street',
  str: 'street',
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  dr: 'drive',
  ln: 'lane',
  ct: 'court',
  cres: 'crescent',
  cr: 'crescent',
  pl: 'place',
  tce: 'terrace',
  terr: 'terrace',
  gdns: 'gardens',
  sq: 'square',
  wy: 'way',
  hwy: 'highway',
  pde: 'parade',
  cct: 'circuit',
  cl: 'close',
  blvd: 'boulevard',
  gr: 'grove',
  mt: 'mount',
  apt: 'apartment',
  nth: 'north',
  sth: 'south',
};

export type PreparedAddress = {
  streetNumber: string;
  /** Line 1 alone, folded and expanded. */
  street: string;
  /** Line 1 and line 2 together. */
  streetFull: string;
  streetTokens: readonly string[];
  /** Words of both lines in alphabetical order: survives the two lines being swapped. */
  streetSorted: string;
  locality: string;
  postcode: string;
  /** Number and postcode (or number, street and locality): two people at this key live in one household. */
  householdKey: string;
};

function expand(folded: string): string {
  if (folded === '') return '';
  return folded
    .split(' ')
    .map((w) => STREET_WORDS[w] ?? w)
    .join(' ');
}

/**
 * The words in string order, joined by spaces, as `[...words].sort().join(' ')` gives them. A street has a
 * handful of words: an insertion sort of them is cheaper than the array sort for every address of a batch.
 */
function sortedWords(words: readonly string[]): string {
  const sorted = words.slice();
  for (let i = 1; i < sorted.length; i++) {
    const w = sorted[i]!;
    let j = i - 1;
    for (; j >= 0 && sorted[j]! > w; j--) sorted[j + 1] = sorted[j]!;
    sorted[j + 1] = w;
  }
  return sorted.join(' ');
}

export function prepareAddress(a: PersonRecord['addresses'][number]): PreparedAddress | undefined {
  const line1 = expand(fold(a.line1));
  const line2 = expand(fold(a.line2));
  let streetNumber = fold(a.streetNumber).replaceAll(' ', '');
  let street = line1;
  // Sources without a separate number field write it at the start of line 1.
  if (streetNumber === '') {
    const m = /^(\d+[a-z]?)\s+(.*)$/.exec(line1);
    if (m !== null) {
      streetNumber = m[1]!;
      street = m[2]!;
    }
  }
  const streetFull = street !== '' && line2 !== '' ? `${street} ${line2}` : street || line2;
  const locality = fold(a.locality);
  const postcode = (a.postcode ?? '').replace(/\s+/g, '').toUpperCase();
  if (streetNumber === '' && streetFull === '' && locality === '' && postcode === '') return undefined;
  // A postcode and a house number name one building in most postal systems; without a postcode, fall back on street and town.
  const householdKey =
    streetNumber === ''
      ? ''
      : postcode !== ''
        ? `${streetNumber}|${postcode}`
        : street !== '' && locality !== ''
          ? `${streetNumber}|${street}|${locality}`
          : '';
  const streetTokens = streetFull === '' ? [] : streetFull.split(' ');
  return {
    streetNumber,
    street,
    streetFull,
    streetTokens,
    streetSorted: streetTokens.length === 1 ? streetTokens[0]! : sortedWords(streetTokens),
    locality,
    postcode,
    householdKey,
  };
}
