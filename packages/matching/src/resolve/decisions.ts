/** A data steward's ruling on two records; every later resolution honours it. */
export type StewardDecision = {
  kind: 'together' | 'apart';
  a: string;
  b: string;
  by?: string;
  reason?: string;
};

export function apartIndex(decisions: readonly StewardDecision[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (x: string, y: string): void => {
    let s = out.get(x);
    if (s === undefined) out.set(x, (s = new Set()));
    s.add(y);
  };
  for (const d of decisions) {
    if (d.kind !== 'apart' || d.a === d.b) continue;
    add(d.a, d.b);
    add(d.b, d.a);
  }
  return out;
}

export function togetherPairs(decisions: readonly StewardDecision[]): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const d of decisions) {
    if (d.kind !== 'together' || d.a === d.b) continue;
    const [x, y] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
    const key = `${x}\u001f${y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([x, y]);
  }
  return out;
}
