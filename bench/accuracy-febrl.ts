import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PersonRecord } from '@rapport/contracts';

export type FebrlRow = Record<string, string>;

/** One Febrl CSV: CRLF or LF lines, a space after each comma, every field trimmed, empty = missing. */
export function readFebrl(path: string): FebrlRow[] {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',').map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = line.split(',').map((c) => c.trim());
    const row: FebrlRow = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row;
  });
}

const opt = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s);

/** Febrl columns onto the canonical record; the id column is kept only for the "with id" run. */
export function toPersonRecord(row: FebrlRow, withNationalId: boolean): PersonRecord {
  const id = row['rec_id']!;
  const address = {
    streetNumber: opt(row['street_number']),
    line1: opt(row['address_1']),
    line2: opt(row['address_2']),
    locality: opt(row['suburb']),
    postcode: opt(row['postcode']),
    region: opt(row['state']),
  };
  const hasAddress = Object.values(address).some((v) => v !== undefined);
  return {
    recordId: id,
    source: 'febrl',
    sourceRecordId: id,
    givenName: opt(row['given_name']),
    familyName: opt(row['surname']),
    birthDate: opt(row['date_of_birth']),
    emails: [],
    phones: [],
    addresses: hasAddress ? [address] : [],
    handles: [],
    cards: [],
    crmIds: [],
    nationalId: withNationalId ? opt(row['soc_sec_id']) : undefined,
  };
}

/** Ground truth: rec-N-org and rec-N-dup-K are person N. */
export function entityOf(recId: string): string {
  const m = /^rec-(\d+)-/.exec(recId);
  if (m === null) throw new Error(`unexpected Febrl id ${recId}`);
  return m[1]!;
}

export function loadFebrl4(dir: string): FebrlRow[] {
  return [...readFebrl(join(dir, 'dataset4a.csv')), ...readFebrl(join(dir, 'dataset4b.csv'))];
}
