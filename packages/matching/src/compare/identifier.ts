import type { PreparedRecord } from '../normalise/prepare.ts';
import { withinOneTypo } from './edits.ts';
import { CLOSE, DIFFERENT, EXACT, MISSING, type ComparisonDef } from './levels.ts';

/** The handle comparison's level for two handles on one platform that differ. */
export const H_DIFFERENT = 2;

function platformOf(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

/** Handles say something only on a platform both records have: same handle, or two different ones there. */
export function compareHandles(a: PreparedRecord, b: PreparedRecord): number {
  if (a.handles.length === 0 || b.handles.length === 0) return MISSING;
  let sharedPlatform = false;
  for (const x of a.handles) {
    for (const y of b.handles) {
      if (x === y) return EXACT;
      if (!sharedPlatform && platformOf(x) === platformOf(y)) sharedPlatform = true;
    }
  }
  return sharedPlatform ? H_DIFFERENT : MISSING;
}

export const handle: ComparisonDef = {
  name: 'handle',
  levels: ['missing', 'exact', 'different'],
  initialM: [0, 0.9, 0.1],
  describe: (r) => r.handles.join(' '),
  compare: compareHandles,
};

export const nationalId: ComparisonDef = {
  name: 'nationalId',
  levels: ['missing', 'exact', 'close', 'different'],
  initialM: [0, 0.9, 0.05, 0.05],
  describe: (r) => r.nationalId,
  compare(a, b) {
    if (a.nationalId === '' || b.nationalId === '') return MISSING;
    if (a.nationalId === b.nationalId) return EXACT;
    return withinOneTypo(a.nationalId, b.nationalId) ? CLOSE : DIFFERENT;
  },
};
