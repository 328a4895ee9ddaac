import type { PersonRecord } from '@rapport/contracts';
import type { NormaliseOptions } from '../normalise/options.ts';
import { prepareRecord, type PreparedRecord } from '../normalise/prepare.ts';

// Per record object, its prepared form and the options it was prepared under (a model switch changes them).
const prepared = new WeakMap<PersonRecord, { opts: NormaliseOptions; form: PreparedRecord }>();

/**
 * `prepareRecord`, made once per record object and options: the steps of one resolution that need a
 * record's prepared form (a service's hooks, then resolveChanges) share it instead of each preparing the
 * record again. A prepared form is read-only data, so sharing it changes nothing.
 */
export function preparedRecord(record: PersonRecord, opts: NormaliseOptions): PreparedRecord {
  const hit = prepared.get(record);
  if (hit !== undefined && hit.opts === opts) return hit.form;
  const form = prepareRecord(record, opts);
  prepared.set(record, { opts, form });
  return form;
}
