import type { Random } from '../random/random.ts';

/** One generated row of a register file (column name -> text, '' for an empty cell) with its truth. */
export interface RegisterRow {
  row: Record<string, string>;
  personId: string;
}

/** A person drawn by a profile and the rows of every record of theirs, unshuffled. */
export type ProfileRows = (random: Random, people: number) => Generator<RegisterRow>;

/** A date as a register knows it: the true one, from which each record writes its own version. */
export interface RegisterDate {
  year: number;
  month: number;
  day: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function drawDate(random: Random, fromYear: number, toYear: number): RegisterDate {
  const year = random.between(fromYear, toYear);
  const month = 1 + random.int(12);
  return { year, month, day: 1 + random.int(DAYS_IN_MONTH[month - 1]!) };
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A day and month both written as numbers up to 12 can be read either way round. */
export function swappable(d: RegisterDate): boolean {
  return d.day <= 12 && d.day !== d.month;
}

/** A year with one digit mistyped (not the century). */
export function yearSlip(random: Random, year: number): number {
  const digits = String(year).split('');
  const at = 2 + random.int(2);
  digits[at] = String((Number(digits[at]) + (random.chance(0.5) ? 1 : 9)) % 10);
  return Number(digits.join(''));
}

/** The first letter, upper case, with a dot: "William" -> "W." */
export const initial = (name: string): string => `${name[0]!.toUpperCase()}.`;
