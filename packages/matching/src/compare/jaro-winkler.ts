// Jaro-Winkler similarity written from its definition (Winkler 1990). Scratch buffers are reused
// between calls because the pair loop calls this millions of times.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const t = halfTranspositions / 2;
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j === 1 || j === 0) return j;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

// Room for rounding: the bound and the value are computed by different sums.
const BOUND_SLACK = 1e-9;

// Character counts for the cheap upper bound below; reset after each use.
const counts = new Int32Array(65536);

/**
 * Jaro-Winkler, or 0 when it cannot reach `floor`. The bound counts shared characters regardless of
 * position (so at least the true number of matches) with no transpositions and the prefix bonus;
 * most random pairs fail it in one pass over both strings, which matters in the u-sampling loop.
 */
export function jaroWinklerAtLeast(a: string, b: string, floor: number): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  for (let i = 0; i < la; i++) counts[a.charCodeAt(i)]!++;
  let common = 0;
  for (let j = 0; j < lb; j++) {
    const c = b.charCodeAt(j);
    if (counts[c]! > 0) {
      counts[c]!--;
      common++;
    }
  }
  for (let i = 0; i < la; i++) counts[a.charCodeAt(i)] = 0;
  const jaroBound = (common / la + common / lb + 1) / 3;
  // Winkler's bonus with the pair's own common prefix (up to four characters), which grows with Jaro's
  // value: the bound holds, and pairs that differ in their first letters (most emails of two people)
  // are told apart without the full comparison.
  let prefix = 0;
  const max = Math.min(4, la, lb);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  if (jaroBound + prefix * 0.1 * (1 - jaroBound) < floor - BOUND_SLACK) return 0;
  return jaroWinkler(a, b);
}
