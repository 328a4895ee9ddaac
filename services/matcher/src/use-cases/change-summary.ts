import type { ClusterChange } from '@rapport/matching';
import type { ChangeCause } from './customer-changes.ts';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The sources of some record ids (`loyalty:...` is loyalty): record ids themselves may hold a handle. */
function sources(ids: readonly string[]): string {
  return [...new Set(ids.map((id) => id.slice(0, Math.max(0, id.indexOf(':'))) || 'unknown'))]
    .sort()
    .join(', ');
}

const BY: Record<ChangeCause, string> = {
  records: '',
  decision: ' by a steward decision',
  model: ' under a new model',
  erasure: ' by an erasure',
};

/**
 * The explanation summary of an identity event, in words and without personal data: counts, sources,
 * rule names, never a value, a name or a record or customer id (ids can hold a handle).
 */
export function changeSummary(
  c: ClusterChange,
  context: {
    cause: ChangeCause;
    rules: readonly string[];
    renamed: boolean;
    candidates?: number | undefined;
  },
): string {
  const by = BY[context.cause];
  const evidence = context.rules.length === 0 ? '' : `; evidence: ${context.rules.join(', ')}`;
  const records = `${plural(c.after.length, 'record')} (${sources(c.after)})`;
  const before = new Set(c.before);
  const after = new Set(c.after);
  const added = c.after.filter((id) => !before.has(id)).length;
  const removed = c.before.filter((id) => !after.has(id)).length;
  switch (c.kind) {
    case 'created':
      if (c.from.length === 0) return `new customer${by}: ${records}${evidence}`;
      if (context.renamed)
        return `customer renamed${by} (ids follow the smallest record id): ${records} from ${plural(c.from.length, 'customer')}${evidence}`;
      return `split off another customer${by}: ${records}${evidence}`;
    case 'merged':
      return `merged ${plural(c.from.length, 'other customer')} in${by}: now ${records}${evidence}`;
    case 'split':
      return `split${by}: ${plural(removed, 'record')} moved to ${plural(c.to.length, 'other customer')}, ${records} left${evidence}`;
    case 'updated':
      if (added === 0 && removed === 0)
        return `possible matches changed${by}: ${plural(context.candidates ?? 0, 'candidate customer')} for ${records}`;
      return `updated${by}: ${added} added, ${removed} removed, now ${records}${evidence}`;
    case 'deleted':
      if (c.to.length === 0) return `deleted${by}: its last ${plural(c.before.length, 'record')} went`;
      if (context.renamed)
        return `renamed${by}: its records carry on under a new id (the smallest record id changed)`;
      return `merged into another customer${by}${evidence}`;
  }
}
