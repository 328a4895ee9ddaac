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
    if (year < 1800) return undefined;
    return { year, month, day, digits: `${m[1]}${m[2]}${m[3]}` };
  }
  m = MONTH_RE.exec(s);
  if (m !== null) return { year: Number(m[1]), month: Number(m[2]), day: 0, digits: '' };
  m = YEAR_RE.exec(s);
  if (m !== null) return { year: Number(m[1]), month: 0, day: 0, digits: '' };
  return undefined;
}
