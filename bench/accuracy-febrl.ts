// Febrl 4's ground truth (see /work/shared/data/febrl4/README.md).
/** Ground truth: rec-N-org and rec-N-dup-K are person N. */
export function entityOf(recId: string): string {
  const m = /^rec-(\d+)-/.exec(recId);
  if (m === null) throw new Error(`unexpected Febrl id ${recId}`);
  return m[1]!;
}
