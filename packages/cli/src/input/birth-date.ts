import { partialDateProblem } from '@rapport/contracts';
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
  const value = `${groups.y!}-${pad2(month)}${groups.d === undefined ? '' : `-${pad2(Number(groups.d))}`}`;
  // The contracts' rule, so the CLI and REST refuse the same dates.
  const problem = partialDateProblem(value);
  return problem === undefined ? { ok: true, value } : { ok: false, why: `"${raw}" ${problem}` };
}
