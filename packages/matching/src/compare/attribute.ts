import { distance } from 'fastest-levenshtein';
import type { AttributeSpec } from '../normalise/attributes.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import { jaroWinklerAtLeast } from './jaro-winkler.ts';
import { EXACT, MISSING, type ComparisonDef } from './levels.ts';

const A_CLOSE = 2;
const A_FAR = 3;
const A_DIFFERENT = 4;

/** Default thresholds of the graded kinds: the close level, then the far one. */
export const ATTRIBUTE_DEFAULTS = {
  'edit-distance': { close: 1, far: 2 },
  'jaro-winkler': { close: 0.92, far: 0.8 },
  numeric: { close: 1, far: 5 },
  date: { close: 1, far: 30 },
} as const;

const DAY_MS = 86_400_000;

function graded(spec: AttributeSpec): (x: string, y: string) => number {
  switch (spec.kind) {
    case 'exact':
      return () => 2;
    case 'edit-distance': {
      const { close, far } = { ...ATTRIBUTE_DEFAULTS['edit-distance'], ...spec };
      return (x, y) => {
        const d = distance(x, y);
        return d <= close ? A_CLOSE : d <= far ? A_FAR : A_DIFFERENT;
      };
    }
    case 'jaro-winkler': {
      const { close, far } = { ...ATTRIBUTE_DEFAULTS['jaro-winkler'], ...spec };
      return (x, y) => {
        const s = jaroWinklerAtLeast(x, y, far);
        return s >= close ? A_CLOSE : s >= far ? A_FAR : A_DIFFERENT;
      };
    }
    case 'numeric':
    case 'date': {
      const { close, far } = { ...ATTRIBUTE_DEFAULTS[spec.kind], ...spec };
      const unit = spec.kind === 'date' ? DAY_MS : 1;
      return (x, y) => {
        const d = Math.abs(Number(x) - Number(y)) / unit;
        return d <= close ? A_CLOSE : d <= far ? A_FAR : A_DIFFERENT;
      };
    }
  }
}

/**
 * The comparison of one extra attribute, by the kind its configuration names, over its prepared value
 * (`PreparedRecord.attributes[index]`): exact agreement (term-frequency adjusted for text), then for the
 * graded kinds close and far levels by edit distance, Jaro-Winkler similarity, or numeric or date difference.
 */
export function attributeComparison(spec: AttributeSpec, index: number): ComparisonDef {
  const level = graded(spec);
  const text = spec.kind !== 'numeric' && spec.kind !== 'date';
  const value = (r: PreparedRecord): string => r.attributes[index] ?? '';
  return {
    name: `attribute:${spec.name}`,
    levels:
      spec.kind === 'exact'
        ? ['missing', 'exact', 'different']
        : ['missing', 'exact', 'close', 'far', 'different'],
    initialM: spec.kind === 'exact' ? [0, 0.9, 0.1] : [0, 0.8, 0.1, 0.05, 0.05],
    ...(text && { tfValue: value }),
    describe: value,
    compare(a, b) {
      const x = value(a);
      const y = value(b);
      if (x === '' || y === '') return MISSING;
      if (x === y) return EXACT;
      return level(x, y);
    },
  };
}
