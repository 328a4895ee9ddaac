import { describe, expect, it } from 'vitest';
import { parseBirthDate } from './birth-date.ts';

describe('parseBirthDate', () => {
  it('reads each format into YYYY-MM-DD', () => {
    expect(parseBirthDate('19151111', 'YYYYMMDD')).toEqual({ ok: true, value: '1915-11-11' });
    expect(parseBirthDate('1980-2-9', 'YYYY-MM-DD')).toEqual({ ok: true, value: '1980-02-09' });
    expect(parseBirthDate('1980-02', 'YYYY-MM-DD')).toEqual({ ok: true, value: '1980-02' });
    expect(parseBirthDate('09/02/1980', 'DD/MM/YYYY')).toEqual({ ok: true, value: '1980-02-09' });
    expect(parseBirthDate('02/09/1980', 'MM/DD/YYYY')).toEqual({ ok: true, value: '1980-02-09' });
  });
  it('refuses impossible dates with a reason', () => {
    expect(parseBirthDate('19450493', 'YYYYMMDD')).toEqual({
      ok: false,
      why: '"19450493" has no day 93 in month 4',
    });
    expect(parseBirthDate('19600086', 'YYYYMMDD').ok).toBe(false);
    expect(parseBirthDate('2001-02-29', 'YYYY-MM-DD').ok).toBe(false);
    expect(parseBirthDate('2000-02-29', 'YYYY-MM-DD').ok).toBe(true);
    expect(parseBirthDate('1980/02/09', 'YYYYMMDD').ok).toBe(false);
  });
  it('keeps a full date that cannot exist as typed when asked, but not a malformed one', () => {
    expect(parseBirthDate('19740164', 'YYYYMMDD', true)).toEqual({ ok: true, value: '1974-01-64' });
    expect(parseBirthDate('19600086', 'YYYYMMDD', true)).toEqual({ ok: true, value: '1960-00-86' });
    expect(parseBirthDate('31/2/1980', 'DD/MM/YYYY', true)).toEqual({ ok: true, value: '1980-02-31' });
    expect(parseBirthDate('19151111', 'YYYYMMDD', true)).toEqual({ ok: true, value: '1915-11-11' });
    expect(parseBirthDate('1980-13', 'YYYY-MM-DD', true).ok).toBe(false);
    expect(parseBirthDate('1980/02/09', 'YYYYMMDD', true).ok).toBe(false);
    expect(parseBirthDate('21400164', 'YYYYMMDD', true).ok).toBe(false);
  });
  it('has no year floor: historical files hold people born centuries ago', () => {
    expect(parseBirthDate('1603-03-24', 'YYYY-MM-DD')).toEqual({ ok: true, value: '1603-03-24' });
    expect(parseBirthDate('0950', 'YYYY-MM-DD')).toEqual({ ok: true, value: '0950' });
  });
});
