/** A birth date as far as it is known: month and day are 0 when the source gave only a year or a month. */
export type BirthDate = { year: number; month: number; day: number; digits: string };

const FULL_RE = /^(\d{4})-?(\d{2})-?(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const YEAR_RE = /^(\d{4})$/;

export function parseBirthDate(raw: string | undefined): BirthDate | undefined {
  if (raw === undefined) return undefined;
  const s = raw.trim();
  let m = FULL_RE.exec(s);
  if (m !== null) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    // A corrupted date (month 13, day 32) is kept: its digits still match a clean copy one digit away.
    return { year, month, day, digits: `${m[1]}${m[2]}${m[3]}` };
  }
  m = MONTH_RE.exec(s);
  if (m !== null) return { year: Number(m[1]), month: Number(m[2]), day: 0, digits: '' };
  m = YEAR_RE.exec(s);
  if (m !== null) return { year: Number(m[1]), month: 0, day: 0, digits: '' };
  return undefined;
}

/** Month and day of a full date as MMDD, the key placeholder detection counts. */
export function monthDayOf(d: BirthDate): string {
  return d.digits.slice(4);
}

/**
 * Month-days that stand for an unknown day: where a file writes "1 January" for every date it knows only the
 * year of, that month-day holds many times the dates any other month-day holds (birth seasons move a day's
 * share by a third at most). Over five times the median month-day's count (and at least 20 dates) is such a
 * placeholder: its dates then count as their year only, instead of agreeing exactly for everyone born that
 * year. The median of the file's own month-days, not the calendar's 1 in 365, so that a file whose dates
 * fall on few days (a generator's) raises no false alarm.
 */
export function placeholderMonthDays(births: Iterable<BirthDate | undefined>): string[] {
  const counts = new Map<string, number>();
  for (const b of births) {
    if (b === undefined || b.digits === '') continue;
    const md = monthDayOf(b);
    counts.set(md, (counts.get(md) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  const sorted = [...counts.values()].sort((x, y) => x - y);
  const median = sorted[sorted.length >> 1]!;
  return [...counts]
    .filter(([, c]) => c >= 20 && c > 5 * median)
    .map(([md]) => md)
    .sort();
}

/** The date with a placeholder month-day read as its year alone. */
export function withoutPlaceholder(
  b: BirthDate | undefined,
  monthDays: readonly string[],
): BirthDate | undefined {
  if (b === undefined || b.digits === '' || monthDays.length === 0 || !monthDays.includes(monthDayOf(b)))
    return b;
  return { year: b.year, month: 0, day: 0, digits: '' };
}
