import type { Random } from '../random/random.ts';

// QWERTY rows; each row is shifted right by about half a key from the one above,
// so a key's neighbours below are at the same index and one to the left.
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function buildAdjacency(): Map<string, string> {
  const adjacency = new Map<string, string>();
  ROWS.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      const near: string[] = [];
      const push = (rr: number, cc: number): void => {
        const ch = ROWS[rr]?.[cc];
        if (ch !== undefined) near.push(ch);
      };
      push(r, c - 1);
      push(r, c + 1);
      push(r - 1, c);
      push(r - 1, c + 1);
      push(r + 1, c - 1);
      push(r + 1, c);
      adjacency.set(row[c] as string, near.join(''));
    }
  });
  return adjacency;
}

const ADJACENT = buildAdjacency();

/** Keys next to `ch` on a QWERTY keyboard (lower case), or '' for anything else. */
export function adjacentKeys(ch: string): string {
  return ADJACENT.get(ch.toLowerCase()) ?? '';
}

export type TypoKind = 'substitute' | 'transpose' | 'delete' | 'insert';

function matchCase(replacement: string, original: string): string {
  return original === original.toUpperCase() ? replacement.toUpperCase() : replacement;
}

/**
 * One typing error of the kinds people make: a neighbouring key hit instead, two letters swapped, one dropped,
 * or one doubled. The first letter is kept more often than not, as in real data (people rarely mistype it).
 * Returns the value unchanged when it is too short to corrupt believably.
 */
export function typo(random: Random, value: string, kind?: TypoKind): string {
  if (value.length < 3) return value;
  const chosen: TypoKind =
    kind ?? random.pick(['substitute', 'substitute', 'transpose', 'delete', 'insert'] as const);
  const start = random.chance(0.9) ? 1 : 0;
  const at = start + random.int(value.length - start);
  const ch = value[at] as string;
  switch (chosen) {
    case 'substitute': {
      const near = adjacentKeys(ch);
      if (near.length === 0) return value;
      return value.slice(0, at) + matchCase(random.pick([...near]), ch) + value.slice(at + 1);
    }
    case 'transpose': {
      const i = Math.min(at, value.length - 2);
      const a = value[i] as string;
      const b = value[i + 1] as string;
      if (a === b) return value.slice(0, i) + value.slice(i + 1);
      return value.slice(0, i) + b + a + value.slice(i + 2);
    }
    case 'delete':
      return value.slice(0, at) + value.slice(at + 1);
    case 'insert':
      return value.slice(0, at) + ch + value.slice(at);
  }
}
