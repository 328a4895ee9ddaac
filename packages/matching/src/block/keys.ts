import type { PreparedAddress } from '../normalise/address.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { BlockKeyPart, BlockingRule } from './rules.ts';

const SEP = '\u001f';
const NONE: readonly string[] = [];

const ADDRESS_PARTS: ReadonlySet<BlockKeyPart> = new Set([
  'postcode',
  'streetNumber',
  'street',
  'locality',
  'streetWord',
]);

// Words that name the kind of street, not the street: too common to block on.
const STREET_TYPES: ReadonlySet<string> = new Set([
  'street',
  'road',
  'place',
  'crescent',
  'circuit',
  'avenue',
  'drive',
  'court',
  'lane',
  'close',
  'parade',
  'terrace',
  'highway',
  'boulevard',
  'square',
  'grove',
  'way',
  'north',
  'south',
  'east',
  'west',
  'unit',
  'apartment',
  'flat',
]);

function pairKey(x: string, y: string): string {
  return x <= y ? `${x}|${y}` : `${y}|${x}`;
}

/** One key per distinct value of the record's present names (`given` and `family`: the names or codes of them). */
function eitherName(r: PreparedRecord, given: string, family: string): readonly string[] {
  if (r.given === '') return r.family === '' ? NONE : [family];
  if (r.family === '' || family === given) return [given];
  // In code-unit order, as sort() would put them, without sorting a fresh array for every record and rule.
  return given < family ? [given, family] : [family, given];
}

function recordPart(part: BlockKeyPart, r: PreparedRecord): readonly string[] {
  switch (part) {
    case 'givenName':
      return r.given === '' ? NONE : [r.given];
    case 'familyName':
      return r.family === '' ? NONE : [r.family];
    case 'givenSoundex':
      return r.given === '' ? NONE : [r.givenSoundex];
    case 'familySoundex':
      return r.family === '' ? NONE : [r.familySoundex];
    case 'givenInitial':
      return r.given === '' ? NONE : [r.given[0]!];
    case 'nameSet':
      return r.given === '' || r.family === '' ? NONE : [pairKey(r.given, r.family)];
    case 'anyName':
      // Given or family name, whichever field it was typed in.
      return eitherName(r, r.given, r.family);
    case 'anyNameSoundex':
      // The sound of either name, whichever field it was typed in, and whichever of the two has the typo.
      return eitherName(r, r.givenSoundex, r.familySoundex);
    case 'nameSoundexSet':
      return r.given === '' || r.family === '' ? NONE : [pairKey(r.givenSoundex, r.familySoundex)];
    case 'birthDate':
      return r.birth === undefined || r.birth.digits === '' ? NONE : [r.birth.digits];
    case 'birthYear':
      return r.birth === undefined ? NONE : [String(r.birth.year)];
    case 'birthYearMonth':
      return r.birth === undefined || r.birth.month === 0
        ? NONE
        : [String(r.birth.year * 100 + r.birth.month)];
    case 'birthMonthDay':
      return r.birth === undefined || r.birth.digits === '' ? NONE : [r.birth.digits.slice(4)];
    case 'email':
      return r.emails;
    case 'phone':
      return r.phones;
    case 'card':
      return r.cards;
    case 'handle':
      return r.handles;
    case 'nationalId':
      return r.nationalId === '' ? NONE : [r.nationalId];
    default:
      return NONE;
  }
}

/** A street token distinctive enough to block on: not short, not a kind of street. */
export function isStreetWord(w: string): boolean {
  return w.length >= 4 && !STREET_TYPES.has(w);
}

function streetWords(a: PreparedAddress): string[] {
  const out: string[] = [];
  for (const w of a.streetTokens) if (isStreetWord(w) && !out.includes(w)) out.push(w);
  return out;
}

/** An address part's value ('' when missing; a street word is not one value). */
export function addressPart(part: BlockKeyPart, a: PreparedAddress): string {
  switch (part) {
    case 'postcode':
      return a.postcode;
    case 'streetNumber':
      return a.streetNumber;
    case 'street':
      return a.street;
    case 'locality':
      return a.locality;
    default:
      return '';
  }
}

/** A rule's parts: those of the person, then those of one address. */
export type RulePlan = { personal: BlockKeyPart[]; address: BlockKeyPart[] };
const plans = new WeakMap<BlockingRule, RulePlan>();
export function planOf(rule: BlockingRule): RulePlan {
  let plan = plans.get(rule);
  if (plan === undefined) {
    plan = {
      personal: rule.on.filter((p) => !ADDRESS_PARTS.has(p)),
      address: rule.on.filter((p) => ADDRESS_PARTS.has(p)),
    };
    plans.set(rule, plan);
  }
  return plan;
}

/**
 * The record's keys under a rule, sorted and unique; none when a part is missing. Address parts of one
 * key come from the same address, so a home postcode never pairs with a work street number.
 * (Called for every record under every rule: single values, the common case, build one string.)
 */
export function blockingKeys(rule: BlockingRule, r: PreparedRecord): readonly string[] {
  const plan = planOf(rule);
  let single = '';
  let keys: string[] | undefined;
  for (const part of plan.personal) {
    const values = recordPart(part, r);
    if (values.length === 0) return NONE;
    if (keys === undefined && values.length === 1) single += SEP + values[0];
    else {
      const base = keys ?? [single];
      keys =
        values.length === 1
          ? base.map((k) => k + SEP + values[0])
          : base.flatMap((k) => values.map((v) => k + SEP + v));
    }
  }
  if (plan.address.length > 0) {
    const suffixes: string[] = [];
    for (const a of r.addresses) {
      let partial: string[] = [''];
      for (const p of plan.address) {
        const values = p === 'streetWord' ? streetWords(a) : [addressPart(p, a)];
        if (values.length === 0 || values[0] === '') {
          partial = [];
          break;
        }
        partial =
          values.length === 1
            ? partial.map((s) => s + SEP + values[0])
            : partial.flatMap((s) => values.map((v) => s + SEP + v));
      }
      for (const x of partial) suffixes.push(x);
    }
    if (suffixes.length === 0) return NONE;
    if (keys === undefined && suffixes.length === 1) return [single + suffixes[0]];
    const base = keys ?? [single];
    keys = base.flatMap((k) => suffixes.map((s) => k + s));
  }
  if (keys === undefined) return [single];
  if (keys.length === 1) return keys;
  return [...new Set(keys)].sort();
}

/**
 * A record's keys under every rule, each prefixed with its rule's name so that rules never share a block,
 * as the incremental engine stores them. New strings: blockingKeys' own arrays die young (V8 watches
 * whether the arrays an allocation site makes survive, and once kept ones taught it they do, it allocated
 * every later key list of a batch's passes over a million records straight in the old generation).
 */
export function ruleKeys(
  rules: readonly BlockingRule[],
  r: PreparedRecord,
  visit: (key: string, rule: number) => void,
): void {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    for (const k of blockingKeys(rule, r)) visit(rule.name + k, i);
  }
}
