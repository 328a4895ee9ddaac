import type { CustomerSummary, PersonRecord } from '@rapport/contracts';
import { goldenRecord } from '@rapport/matching';

/** The golden record's name: given and family name, or the display name of a record without a split. */
export function displayName(records: readonly PersonRecord[]): string | undefined {
  const { fields } = goldenRecord(records);
  const split = [fields.givenName?.value, fields.familyName?.value].filter((x) => x !== undefined).join(' ');
  return split !== '' ? split : fields.fullName?.value;
}

/** The tier of the most recently updated loyalty record that has one. */
export function loyaltyTier(records: readonly PersonRecord[]): string | undefined {
  let best: PersonRecord | undefined;
  for (const r of records)
    if (r.loyaltyTier !== undefined && (best === undefined || (r.updatedAt ?? '') > (best.updatedAt ?? '')))
      best = r;
  return best?.loyaltyTier;
}

/** A customer in brief, from its source records. */
export function customerSummary(customerId: string, records: readonly PersonRecord[]): CustomerSummary {
  const sorted = [...records].sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
  const sources: Record<string, number> = {};
  for (const r of sorted) sources[r.source] = (sources[r.source] ?? 0) + 1;
  const name = displayName(sorted);
  const tier = loyaltyTier(sorted);
  return {
    customerId,
    ...(name === undefined ? {} : { displayName: name }),
    records: sorted.map((r) => ({ recordId: r.recordId, source: r.source })),
    sources,
    ...(tier === undefined ? {} : { loyaltyTier: tier }),
  };
}
