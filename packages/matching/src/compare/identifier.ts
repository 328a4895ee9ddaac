import type { PreparedRecord } from '../normalise/prepare.ts';
import { withinOneTypo } from './edits.ts';
import { MISSING, type ComparisonDef } from './levels.ts';

function platformOf(key: string): string {
  return key.slice(0, key.indexOf(':'));
}

/** Handles say something only on a platform both records have: same handle, or two different ones there. */
export function compareHandles(a: PreparedRecord, b: PreparedRecord): number {
  if (a.handles.length === 0 || b.handles.length === 0) return MISSING;
  let sharedPlatform = false;
  for (const x of a.handles) {
    for (const y of b.handles) {
      if (x === y) return 1;
      if (!sharedPlatform && platformOf(x) === platformOf(y)) sharedPlatform = true;
    }
  }
  return sharedPlatform ? 2 : MISSING;
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
    if (a.nationalId === b.nationalId) return 1;
    return withinOneTypo(a.nationalId, b.nationalId) ? 2 : 3;
  },
};
