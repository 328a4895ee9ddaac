import type { PersonRecord } from '@rapport/contracts';
import type { Random } from '../random/random.ts';
import { typo } from '../corrupt/typo.ts';
import { emailVariant } from '../corrupt/email-variant.ts';
import { formatPhone } from '../corrupt/phone-format.ts';
import { NICKNAMES } from '../vocab/given-names.ts';
import type { TrueAddress, TrueDate } from '../person/true-person.ts';

type PersonAddress = PersonRecord['addresses'][number];

/**
 * Field-level corruption shared by all sources. `noise` scales every probability (1 = the default mix,
 * 0 = clean copies of the truth), so benchmarks can ask for easier or harder data.
 */
export interface NoiseContext {
  random: Random;
  noise: number;
}

const p = (ctx: NoiseContext, probability: number): boolean =>
  ctx.random.chance(Math.min(1, probability * ctx.noise));

function recase(ctx: NoiseContext, value: string): string {
  if (p(ctx, 0.04)) return value.toUpperCase();
  if (p(ctx, 0.05)) return value.toLowerCase();
  return value;
}

export function noisyGivenName(ctx: NoiseContext, given: string): string {
  let out = given;
  const nicknames = NICKNAMES[given];
  if (nicknames !== undefined && p(ctx, 0.12)) out = ctx.random.pick(nicknames);
  else if (p(ctx, 0.04)) out = typo(ctx.random, out);
  return recase(ctx, out);
}

export function noisyFamilyName(ctx: NoiseContext, family: string): string {
  let out = family;
  if (p(ctx, 0.05)) out = typo(ctx.random, out);
  if (out.includes("'") && p(ctx, 0.3)) out = out.replace("'", '');
  return recase(ctx, out);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * YYYY-MM-DD, sometimes with day and month swapped (US/UK form confusion) or a mistyped year digit. Always a
 * real date, as the sources' forms accept only those: a 29 February keeps its leap year (a million records
 * held three 29 Februaries of common years, which the contracts rightly refused).
 */
export function noisyBirthDate(ctx: NoiseContext, date: TrueDate): string {
  let { year, month, day } = date;
  if (day <= 12 && day !== month && p(ctx, 0.03)) [month, day] = [day, month];
  else if (p(ctx, 0.015)) {
    const typed = year + ctx.random.pick([-10, -1, 1, 10]);
    if (month !== 2 || day !== 29 || isLeapYear(typed)) year = typed;
  }
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function noisyPostcode(ctx: NoiseContext, postcode: string): string {
  if (p(ctx, 0.1)) return postcode.replace(' ', '');
  if (p(ctx, 0.06)) return postcode.toLowerCase();
  return postcode;
}

export function noisyAddress(ctx: NoiseContext, address: TrueAddress, withCountry: boolean): PersonAddress {
  const type = p(ctx, 0.35) ? address.streetType.short : address.streetType.full;
  let street = `${address.street} ${type}`;
  if (p(ctx, 0.04)) street = typo(ctx.random, street);
  const out: PersonAddress = {};
  // Some systems keep the house number in its own field, others write it into the first line.
  if (p(ctx, 0.4)) out.line1 = `${address.streetNumber} ${street}`;
  else {
    out.streetNumber = address.streetNumber;
    out.line1 = street;
  }
  if (address.flat !== undefined && !p(ctx, 0.25)) out.line2 = address.flat;
  if (!p(ctx, 0.05)) out.locality = p(ctx, 0.03) ? typo(ctx.random, address.locality) : address.locality;
  if (p(ctx, 0.5)) out.region = address.county;
  if (!p(ctx, 0.04)) out.postcode = noisyPostcode(ctx, address.postcode);
  if (withCountry) out.country = ctx.random.pick(['GB', 'United Kingdom', 'UK']);
  return out;
}

export function noisyEmail(ctx: NoiseContext, email: string): string {
  if (p(ctx, 0.2)) return emailVariant(ctx.random, email);
  if (p(ctx, 0.02)) return typo(ctx.random, email);
  return email;
}

export function noisyPhone(ctx: NoiseContext, national: string): string {
  const formatted = formatPhone(ctx.random, national);
  if (p(ctx, 0.01)) {
    // One digit mistyped: still looks like a phone number.
    const at = 3 + ctx.random.int(formatted.length - 3);
    const ch = formatted[at] as string;
    if (ch >= '0' && ch <= '9')
      return formatted.slice(0, at) + String((Number(ch) + 1) % 10) + formatted.slice(at + 1);
  }
  return formatted;
}

/** True with the given probability times the noise level: for a field being absent or stale. */
export function happens(ctx: NoiseContext, probability: number): boolean {
  return p(ctx, probability);
}
