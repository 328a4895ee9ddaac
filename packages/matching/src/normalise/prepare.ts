import type { PersonRecord } from '@rapport/contracts';
import { prepareAddress, type PreparedAddress } from './address.ts';
import { prepareAttribute } from './attributes.ts';
import { parseBirthDate, withoutPlaceholder, type BirthDate } from './birth-date.ts';
import { normaliseCard } from './card.ts';
import { normaliseEmail } from './email.ts';
import { normaliseHandle } from './handle.ts';
import { givenNameForms } from './nicknames.ts';
import type { NormaliseOptions } from './options.ts';
import { normalisePhone, phoneDigits } from './phone.ts';
import { nameTokens, splitFullName } from './person-name.ts';
import { soundex } from './text.ts';

/**
 * Everything a comparison or a blocking key needs, computed once per record so that the pair loop
 * does no parsing. Multi-valued fields are sorted so that equal records prepare to equal values.
 */
export type PreparedRecord = {
  id: string;
  source: string;
  /** Given name without spaces ("mary ann" -> "maryann"); '' when missing. */
  given: string;
  givenFirst: string;
  /** Formal names the first given token stands for (bill -> william; teddy -> edward, theodore). */
  givenForms: readonly string[];
  family: string;
  /** Soundex codes of the names, for blocking keys that survive a typo ('' when the name is missing). */
  givenSoundex: string;
  familySoundex: string;
  birth: BirthDate | undefined;
  emails: readonly string[];
  verifiedEmails: readonly string[];
  phones: readonly string[];
  verifiedPhones: readonly string[];
  landlines: readonly string[];
  addresses: readonly PreparedAddress[];
  handles: readonly string[];
  ownerLinkedHandles: readonly string[];
  cards: readonly string[];
  nationalId: string;
  /** Values of the configured extra attributes (NormaliseOptions.attributes), in order; '' when missing. */
  attributes: readonly string[];
};

// Empty lists share one array: most records lack most kinds of identifier, and a million records would
// otherwise hold millions of empty arrays. Not frozen: a frozen array has another hidden class, and the
// pair loop would see two kinds of list.
const EMPTY: readonly never[] = [];

const REPEATED_DIGIT_RE = /^(\d)\1+$/;

function sortedUnique(values: string[]): readonly string[] {
  if (values.length === 0) return EMPTY;
  if (values.length === 1) return values;
  return [...new Set(values)].sort();
}

/** Each junk number with its ending to look for ('' when too short to look for), worked out once per options. */
const junkPhoneCache = new WeakMap<
  NormaliseOptions,
  { junk: readonly string[]; endings: readonly string[] }
>();
function junkPhones(opts: NormaliseOptions): { junk: readonly string[]; endings: readonly string[] } {
  let lists = junkPhoneCache.get(opts);
  if (lists === undefined) {
    const junk = opts.junk.phones;
    lists = { junk, endings: junk.map((j) => (j.length >= 6 ? j.replace(/^0/, '') : '')) };
    junkPhoneCache.set(opts, lists);
  }
  return lists;
}

function isJunkPhone(normalised: string, raw: string, opts: NormaliseOptions): boolean {
  const rawDigits = raw.replace(/\D+/g, '');
  if (REPEATED_DIGIT_RE.test(rawDigits)) return true;
  const digits = phoneDigits(normalised);
  const { junk, endings } = junkPhones(opts);
  for (let k = 0; k < junk.length; k++) {
    const j = junk[k]!;
    if (rawDigits === j || digits === j || (endings[k] !== '' && digits.endsWith(endings[k]!))) return true;
  }
  return false;
}

const junkEmailCache = new WeakMap<NormaliseOptions, Set<string | undefined>>();
function junkEmailSet(opts: NormaliseOptions): Set<string | undefined> {
  let set = junkEmailCache.get(opts);
  if (set === undefined) {
    set = new Set(opts.junk.emails.map((e) => normaliseEmail(e, opts)));
    junkEmailCache.set(opts, set);
  }
  return set;
}

const birthMemo = new Map<string, BirthDate | undefined>();
function birthDateOf(raw: string | undefined): BirthDate | undefined {
  if (raw === undefined) return undefined;
  // Dates repeat (tens of thousands of distinct ones): one shared, never-mutated object per distinct text.
  if (birthMemo.has(raw)) return birthMemo.get(raw);
  const parsed = parseBirthDate(raw);
  if (birthMemo.size < 100_000) birthMemo.set(raw, parsed);
  return parsed;
}

/** A marked subset (verified, landline) of a list: the list's own array when every value is marked. */
function subsetOf(unique: readonly string[], all: string[], marked: string[]): readonly string[] {
  return marked.length === all.length ? unique : sortedUnique(marked);
}

export function prepareRecord(r: PersonRecord, opts: NormaliseOptions): PreparedRecord {
  let givenTokens = nameTokens(r.givenName);
  let familyTokens = nameTokens(r.familyName);
  if (givenTokens.length === 0 && familyTokens.length === 0 && r.fullName !== undefined) {
    // The comparison also tries the names crossed, which covers a display name in "Family Given" order.
    ({ given: givenTokens, family: familyTokens } = splitFullName(r.fullName));
  }
  let given = givenTokens.join('');
  let family = familyTokens.join('');
  if (opts.junk.names.includes(givenTokens.join(' '))) given = '';
  if (opts.junk.names.includes(familyTokens.join(' '))) family = '';
  const givenFirst = given === '' ? '' : givenTokens.length === 1 ? given : givenTokens[0]!;

  const junkEmails = junkEmailSet(opts);
  const emails: string[] = [];
  const verifiedEmails: string[] = [];
  for (const e of r.emails ?? []) {
    const n = normaliseEmail(e.address, opts);
    if (n === undefined || junkEmails.has(n)) continue;
    emails.push(n);
    if (e.verified === true) verifiedEmails.push(n);
  }

  const phones: string[] = [];
  const verifiedPhones: string[] = [];
  const landlines: string[] = [];
  for (const p of r.phones ?? []) {
    const n = normalisePhone(p.number, opts);
    if (n === undefined || isJunkPhone(n, p.number, opts)) continue;
    phones.push(n);
    if (p.verified === true) verifiedPhones.push(n);
    if (p.type === 'landline' || p.type === 'home') landlines.push(n);
  }

  const addresses: PreparedAddress[] = [];
  for (const a of r.addresses ?? []) {
    const pa = prepareAddress(a);
    if (pa !== undefined) addresses.push(pa);
  }

  const handles: string[] = [];
  const ownerLinkedHandles: string[] = [];
  for (const h of r.handles ?? []) {
    const n = normaliseHandle(h.platform, h.handle, opts);
    if (n === undefined) continue;
    handles.push(n);
    if (h.linkedByOwner === true) ownerLinkedHandles.push(n);
  }

  const cards: string[] = [];
  for (const c of r.cards ?? []) {
    const n = normaliseCard(c.program, c.number, opts);
    if (n !== undefined) cards.push(n);
  }

  const uniqueEmails = sortedUnique(emails);
  const uniquePhones = sortedUnique(phones);
  const uniqueHandles = sortedUnique(handles);
  return {
    id: r.recordId,
    source: r.source,
    given,
    givenFirst,
    givenForms: givenFirst === '' ? EMPTY : givenNameForms(givenFirst),
    family,
    givenSoundex: given === '' ? '' : soundex(given),
    familySoundex: family === '' ? '' : soundex(family),
    birth: withoutPlaceholder(birthDateOf(r.birthDate), opts.placeholderMonthDays ?? EMPTY),
    emails: uniqueEmails,
    verifiedEmails: subsetOf(uniqueEmails, emails, verifiedEmails),
    phones: uniquePhones,
    verifiedPhones: subsetOf(uniquePhones, phones, verifiedPhones),
    landlines: subsetOf(uniquePhones, phones, landlines),
    addresses: addresses.length === 0 ? EMPTY : addresses,
    handles: uniqueHandles,
    ownerLinkedHandles: subsetOf(uniqueHandles, handles, ownerLinkedHandles),
    cards: sortedUnique(cards),
    nationalId: r.nationalId === undefined ? '' : r.nationalId.replace(/[\s-]+/g, '').toUpperCase(),
    attributes:
      opts.attributes === undefined || opts.attributes.length === 0
        ? EMPTY
        : opts.attributes.map((spec) => prepareAttribute(spec, r.attributes?.[spec.name])),
  };
}

/**
 * The record with identifiers shared by too many people removed (a shop's phone number typed for every
 * walk-in customer): such values are no evidence of identity, so they must neither block nor score.
 */
export function withoutOverloaded(p: PreparedRecord, overloaded: ReadonlySet<string>): PreparedRecord {
  if (overloaded.size === 0) return p;
  const keep = (v: string): boolean => !overloaded.has(v);
  const touches = p.emails.some((v) => !keep(v)) || p.phones.some((v) => !keep(v));
  if (!touches) return p;
  return {
    ...p,
    emails: p.emails.filter(keep),
    verifiedEmails: p.verifiedEmails.filter(keep),
    phones: p.phones.filter(keep),
    verifiedPhones: p.verifiedPhones.filter(keep),
    landlines: p.landlines.filter(keep),
  };
}
