import type { NoiseContext } from './noisy-fields.ts';

export type SourceName = 'loyalty' | 'crm' | 'social';
export const SOURCE_NAMES: readonly SourceName[] = ['loyalty', 'crm', 'social'];

/** What every source projection needs besides the person: randomness, noise, ids and shared junk. */
export interface RecordContext extends NoiseContext {
  /** Landlines of the stores; staff type one in when a member gives no phone, so it is shared by many. */
  storePhones: readonly string[];
  nextSourceRecordId(source: SourceName): string;
}

/**
 * A counter scrambled by multiplying with an odd constant modulo 2^32: a bijection, so ids never repeat
 * (up to 4 billion per source) yet neighbours in the stream get unrelated ids.
 */
export function sourceRecordIdAllocator(): (source: SourceName) => string {
  const counters: Record<SourceName, number> = { loyalty: 0, crm: 0, social: 0 };
  return (source) => {
    counters[source] += 1;
    const scrambled = Math.imul(counters[source], 0x9e3779b1) >>> 0;
    switch (source) {
      case 'loyalty':
        return 'M' + String(scrambled).padStart(10, '0');
      case 'crm':
        return 'C-' + scrambled.toString(16).padStart(8, '0');
      case 'social':
        return 'S' + scrambled.toString(36).padStart(7, '0');
    }
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** An ISO timestamp in [fromYear, toYear). Stale records get early years, fresh ones late years. */
export function drawTimestamp(ctx: NoiseContext, fromYear: number, toYear: number): string {
  const { random } = ctx;
  const year = fromYear + random.int(toYear - fromYear);
  const month = 1 + random.int(12);
  const day = 1 + random.int(28);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(random.int(24))}:${pad2(random.int(60))}:${pad2(random.int(60))}Z`;
}
