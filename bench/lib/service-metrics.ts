/**
 * Sums of a service's Prometheus samples (its /metrics) for the metric `names`, one sum per key that
 * `keyOf` makes from a sample's name and label text (e.g. the name alone, or the name and its topic).
 */
export async function metricSums(
  baseUrl: string,
  names: readonly string[],
  keyOf: (name: string, labels: string) => string = (name) => name,
): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = new Set(names);
  const sums = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (m === null || !wanted.has(m[1]!)) continue;
    const key = keyOf(m[1]!, m[2] ?? '');
    sums.set(key, (sums.get(key) ?? 0) + Number(m[3]));
  }
  return sums;
}
