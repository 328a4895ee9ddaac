import type { CrmCsvImportOptions, CsvContactField } from '@rapport/contracts';

const TRUE = /^(true|yes|y|1)$/i;
const FALSE = /^(false|no|n|0)$/i;

/**
 * A boolean cell as a boolean; anything else is passed on as it is, so validation reports the field
 * ("expected boolean") at its path instead of the import guessing.
 */
function flag(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;
  if (TRUE.test(value)) return true;
  if (FALSE.test(value)) return false;
  return value;
}

/** `platform:handle` or `program:number`; an item without `:` keeps the whole text in the second part. */
function pair<A extends string, B extends string>(item: string, first: A, second: B): Record<A | B, string> {
  const at = item.indexOf(':');
  return {
    [first]: at < 0 ? '' : item.slice(0, at).trim(),
    [second]: at < 0 ? item : item.slice(at + 1).trim(),
  } as Record<A | B, string>;
}

function defined(entries: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.entries(entries).filter(([, value]) => value !== undefined);
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

const addressFields = [
  'streetNumber',
  'line1',
  'line2',
  'locality',
  'region',
  'postcode',
  'country',
] as const;
const consentFields = ['email', 'sms', 'phone', 'post', 'profiling', 'thirdParty'] as const;

/**
 * One CSV row, through the column mapping, as a contact body to validate like any other. Empty cells
 * are absent fields; list cells split on `listSeparator`; `updatedAt` falls back to the options' and
 * then to the import time (`importedAt`). Nothing is normalised here: the contracts do it after validation.
 */
export function mapCsvContact(
  cells: ReadonlyMap<string, string>,
  options: CrmCsvImportOptions,
  importedAt: string,
): Record<string, unknown> {
  const cell = (field: CsvContactField): string | undefined => {
    const header = options.columns[field];
    const value = header === undefined ? undefined : cells.get(header)?.trim();
    return value === '' ? undefined : value;
  };
  const list = (field: CsvContactField): string[] | undefined =>
    cell(field)
      ?.split(options.listSeparator)
      .map((item) => item.trim())
      .filter((item) => item !== '');

  const address = defined(Object.fromEntries(addressFields.map((f) => [f, cell(`address.${f}`)])));
  const record = {
    crmId: cell('crmId'),
    names: defined({
      given: cell('names.given'),
      middle: cell('names.middle'),
      family: cell('names.family'),
    }),
    birthDate: cell('birthDate'),
    emails: list('emails')?.map((address) => ({
      address,
      ...(options.emailType ? { type: options.emailType } : {}),
    })),
    phones: list('phones')?.map((number) => ({
      number,
      ...(options.phoneType ? { type: options.phoneType } : {}),
    })),
    addresses: address && [{ ...address, ...(options.addressType ? { type: options.addressType } : {}) }],
    company: cell('company'),
    jobTitle: cell('jobTitle'),
    decisionMaker: flag(cell('decisionMaker')),
    decisionScopes: list('decisionScopes'),
    referredByCrmId: cell('referredByCrmId'),
    handles: list('handles')?.map((item) => pair(item, 'platform', 'handle')),
    loyaltyCards: list('loyaltyCards')?.map((item) => pair(item, 'program', 'number')),
    consent: defined(Object.fromEntries(consentFields.map((f) => [f, flag(cell(`consent.${f}`))]))),
    doNotContact: flag(cell('doNotContact')),
    optOuts: list('optOuts'),
    updatedAt: cell('updatedAt') ?? options.updatedAt ?? importedAt,
    deleted: flag(cell('deleted')),
  };
  return defined(record) ?? {};
}
