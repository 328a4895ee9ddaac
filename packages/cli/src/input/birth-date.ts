import type { BirthDateFormat } from './mapping.ts';

const PATTERNS: Record<BirthDateFormat, RegExp> = {
  'YYYY-MM-DD': /^(?<y>\d{4})(?:-(?<m>\d{1,2})(?:-(?<d>\d{1,2}))?)?$/,
  YYYYMMDD: /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
  'DD/MM/YYYY': /^(?<d>\d{1,2})[/.-](?<m>\d{1,2})[/.-](?<y>\d{4})$/,
  'MM/DD/YYYY': /^(?<m>\d{1,2})[/.-](?<d>\d{1,2})[/.-](?<y>\d{4})$/,
};

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A birth date in the file's format -> the contract's YYYY-MM-DD (or YYYY-MM / YYYY when only those are given),
 * or an explanation of why it is not a date. Impossible calendar dates (31 April, month 13) are refused, unless
 * `keepImpossible`: then a full date of the right shape is passed on as typed (`1974-01-64`), because such a
 * value is a slip of a real date and still matches a clean copy one digit away (the engine gives it no weight
 * otherwise).
 */
export function parseBirthDate(
  raw: string,
  format: BirthDateFormat,
  keepImpossible = false,
): { ok: true; value: string } | { ok: false; why: string } {
  const match = PATTERNS[format].exec(raw);
  const groups = match?.groups;
  if (groups === undefined) return { ok: false, why: `"${raw}" is not a date in the form ${format}` };
  const year = Number(groups.y);
  // No floor: registers and historical files hold people born centuries ago. Past 2100 is a typing slip.
  if (year > 2100) return { ok: false, why: `"${raw}" has an implausible year ${year}` };
  if (groups.m === undefined) return { ok: true, value: groups.y! };
  const month = Number(groups.m);
  if (keepImpossible && groups.d !== undefined)
    return { ok: true, value: `${groups.y!}-${pad2(month)}-${pad2(Number(groups.d))}` };
  if (month < 1 || month > 12) return { ok: false, why: `"${raw}" has no month ${month}` };
  if (groups.d === undefined) return { ok: true, value: `${groups.y!}-${pad2(month)}` };
  const day = Number(groups.d);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (day < 1 || day > daysInMonth) return { ok: false, why: `"${raw}" has no day ${day} in month ${month}` };
  return { ok: true, value: `${groups.y!}-${pad2(month)}-${pad2(day)}` };
}
