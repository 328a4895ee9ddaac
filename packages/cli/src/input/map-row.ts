import type { PersonRecord } from '@rapport/contracts';
import { parseBirthDate } from './birth-date.ts';
import { InputError } from './input-error.ts';
import { JOINED_TARGETS, type Mapping } from './mapping.ts';

type PersonAddress = PersonRecord['addresses'][number];
type PersonPhone = PersonRecord['phones'][number];

/** Reads one column of the current row; undefined when the row has no such value. */
export type ColumnReader = (column: string) => string | undefined;

export interface MappedRow {
  record: PersonRecord;
  /** Columns whose malformed value was left out (only with onInvalid = drop). */
  dropped: string[];
}

const EMAIL_RE = /^[^@\s]+@[^@\s]+$/;
const isJoined = (target: string): boolean =>
  JOINED_TARGETS.includes(target) || target.startsWith('attribute:');
const PHONE_TYPES: Record<string, PersonPhone['type']> = {
  mobile: 'mobile',
  landline: 'landline',
  phone: undefined,
};

/**
 * Turns a row into a PersonRecord following the mapping. A malformed value is an InputError naming the file,
 * line and column, unless the mapping says to drop such values. Empty values and the mapping's missing-value
 * markers (NA, null, -, ...) mean missing. A name or street target given several columns joins them with a
 * space; a birth date given three reads them as year, month and day.
 */
export function createRowMapper(
  mapping: Mapping,
  file: string,
): (read: ColumnReader, line: number) => MappedRow {
  const entries = [...mapping.fields.entries()];
  return (read, line) => {
    const dropped: string[] = [];
    const value = (column: string): string | undefined => {
      const raw = read(column);
      if (raw === undefined) return undefined;
      const v = mapping.trim ? raw.trim() : raw;
      return v === '' || mapping.missingValues.has(v) ? undefined : v;
    };
    const invalid = (column: string, why: string): void => {
      if (mapping.onInvalid === 'drop') dropped.push(column);
      else throw new InputError(why, { file, line, field: column });
    };

    const record: PersonRecord = {
      recordId: '',
      source: mapping.source,
      sourceRecordId: '',
      emails: [],
      phones: [],
      addresses: [],
      handles: [],
      cards: [],
      crmIds: [],
    };
    const address: PersonAddress = {};
    let hasAddress = false;

    const assign = (target: string, v: string): void => {
      if (target.startsWith('attribute:')) (record.attributes ??= {})[target.slice('attribute:'.length)] = v;
      else if (target.startsWith('address.')) {
        address[target.slice('address.'.length) as keyof PersonAddress] = v;
        hasAddress = true;
      } else record[target as 'givenName'] = v;
    };

    for (const [target, columns] of entries) {
      if (columns.length > 1 && (target === 'birthDate' || isJoined(target))) {
        const parts = columns.map(value);
        const column = columns.join('+');
        if (target === 'birthDate') {
          // Year, month and day columns: what is known of them, as the contract's YYYY[-MM[-DD]].
          const [y, m, d] = parts;
          if (y === undefined) continue;
          const text = m === undefined ? y : d === undefined ? `${y}-${m}` : `${y}-${m}-${d}`;
          const parsed = parseBirthDate(text, 'YYYY-MM-DD', mapping.impossibleBirthDates === 'keep');
          if (parsed.ok) record.birthDate = parsed.value;
          else invalid(column, parsed.why);
          continue;
        }
        const joined = parts.filter((x) => x !== undefined).join(' ');
        if (joined !== '') assign(target, joined);
        continue;
      }
      for (const column of columns) {
        const v = value(column);
        if (v === undefined) continue;
        if (isJoined(target)) {
          assign(target, v);
          continue;
        }
        if (target.startsWith('address.')) {
          address[target.slice('address.'.length) as keyof PersonAddress] = v;
          hasAddress = true;
        } else if (target.startsWith('card')) {
          const program = target.includes(':') ? target.slice(target.indexOf(':') + 1) : mapping.source;
          if (!/\d/.test(v)) invalid(column, `"${v}" has no digits, so it is not a card number`);
          else record.cards.push({ program, number: v });
        } else if (target.startsWith('handle:')) {
          record.handles.push({ platform: target.slice('handle:'.length), handle: v });
        } else if (target === 'email') {
          if (!EMAIL_RE.test(v)) invalid(column, `"${v}" is not an email address`);
          else record.emails.push({ address: v });
        } else if (target in PHONE_TYPES) {
          if (!/\d/.test(v)) invalid(column, `"${v}" has no digits, so it is not a phone number`);
          else {
            const type = PHONE_TYPES[target];
            record.phones.push(type === undefined ? { number: v } : { number: v, type });
          }
        } else if (target === 'crmId') {
          record.crmIds.push(v);
        } else if (target === 'birthDate') {
          const parsed = parseBirthDate(v, mapping.birthDateFormat, mapping.impossibleBirthDates === 'keep');
          if (parsed.ok) record.birthDate = parsed.value;
          else invalid(column, parsed.why);
        } else if (target === 'updatedAt') {
          if (Number.isNaN(Date.parse(v))) invalid(column, `"${v}" is not a timestamp`);
          else record.updatedAt = v;
        } else {
          record[target as 'givenName'] = v;
        }
      }
    }
    if (hasAddress) record.addresses.push(address);

    const idColumn = mapping.fields.get('recordId')?.[0] ?? mapping.fields.get('sourceRecordId')?.[0] ?? 'id';
    if (record.sourceRecordId === '' && record.recordId === '') {
      throw new InputError('the record id is empty', { file, line, field: idColumn });
    }
    if (record.sourceRecordId === '') record.sourceRecordId = record.recordId;
    if (record.recordId === '') record.recordId = `${mapping.source}:${record.sourceRecordId}`;
    return { record, dropped };
  };
}
