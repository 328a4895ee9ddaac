import type { PersonRecord } from '@rapport/contracts';
import { CarrierDeltas, limitedValues, overloadChanges, personKey } from '../guard/identifier-limit.ts';
import { withoutOverloaded, type PreparedRecord } from '../normalise/prepare.ts';
import type { Engine } from './engine.ts';
import { preparedRecord } from './prepared-record.ts';
import type { CollapsedBatch } from './record-change.ts';
import type { CarrierRow, RecordRow, StoredRecord } from './resolution-store.ts';
import type { StoreReader } from './store-reader.ts';

/** A record whose blocking and scoring may change in this batch: how it was, and how it will be. */
export type Version = {
  id: string;
  old: StoredRecord | undefined;
  /** The new prepared form before the per-identifier limit; undefined when the record is deleted. */
  base: PreparedRecord | undefined;
  /** The source record to store; undefined when the batch did not bring one (re-prepared for the limit). */
  source: PersonRecord | undefined;
  /** The values of `base` over the limit... */
  overloaded: readonly string[];
  /** ...and `base` without them. */
  effective: PreparedRecord | undefined;
};

export type NewVersions = {
  versions: Map<string, Version>;
  /** Upserts whose prepared form is what the store holds: only their source is written. */
  sameForm: RecordRow[];
  carriers: { add: CarrierRow[]; remove: CarrierRow[] };
  /** Values that crossed the per-identifier limit. */
  flippedValues: number;
};

// The prepared form is plain data (strings, numbers, arrays, plain objects) and the store hands it back as
// given, so the serialised forms compare equal exactly when the record prepares the same.
const sameForm = (a: PreparedRecord, b: PreparedRecord): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The batch's records, prepared, with the per-identifier limit applied: a value crossing the limit changes
 * every record that carries it, so those records become versions too (same form, other values ignored).
 * Two or three store calls: the records, the identifier counts, and only when a value crosses, its carriers.
 */
export async function newVersions(
  engine: Engine,
  reader: StoreReader,
  batch: CollapsedBatch,
): Promise<NewVersions> {
  const limit = engine.cfg.maxPeoplePerIdentifier;
  const versions = new Map<string, Version>();
  const same = new Map<string, RecordRow>();
  for (const [id, record] of batch.records) {
    const old = reader.stored.get(id);
    if (record === null) {
      if (old !== undefined)
        versions.set(id, {
          id,
          old,
          base: undefined,
          source: undefined,
          overloaded: [],
          effective: undefined,
        });
      continue;
    }
    const base = preparedRecord(record, engine.normalise);
    if (old !== undefined && sameForm(old.prepared, base)) {
      same.set(id, { id, source: record, prepared: old.prepared, overloaded: old.overloaded });
      continue;
    }
    versions.set(id, { id, old, base, source: record, overloaded: [], effective: base });
  }

  const deltas = new CarrierDeltas();
  const carriers: NewVersions['carriers'] = { add: [], remove: [] };
  for (const v of versions.values()) {
    const before = v.old === undefined ? [] : carrierRows(v.old.prepared);
    const after = v.base === undefined ? [] : carrierRows(v.base);
    if (v.old !== undefined) deltas.add(v.old.prepared, -1);
    if (v.base !== undefined) deltas.add(v.base, 1);
    const row = (c: CarrierRow): string => `${c.value}\u001f${c.person}`;
    const was = new Set(before.map(row));
    const is = new Set(after.map(row));
    for (const c of before) if (!is.has(row(c))) carriers.remove.push(c);
    for (const c of after) if (!was.has(row(c))) carriers.add.push(c);
  }
  // Counting stops past the limit plus what this batch can remove: a value further over stays over.
  const uses = await reader.identifiers(deltas.query(), limit + versions.size);
  const status = overloadChanges(deltas, uses, limit);
  const over = (value: string): boolean => status.get(value)?.after === true;
  for (const v of versions.values()) {
    if (v.base === undefined) continue;
    v.overloaded = limitedValues(v.base).filter(over);
    v.effective = withoutOverloaded(v.base, new Set(v.overloaded));
  }

  const flipped = [...status].filter(([, s]) => s.before !== s.after).map(([value]) => value);
  const carrying = await reader.carriers(flipped);
  const others = new Set<string>();
  for (const ids of carrying.values()) for (const id of ids) if (!versions.has(id)) others.add(id);
  await reader.load(others);
  const flippedSet = new Set(flipped);
  for (const id of others) {
    const old = reader.stored.get(id)!;
    const kept = old.overloaded.filter((value) => !flippedSet.has(value));
    const added = limitedValues(old.prepared).filter((value) => flippedSet.has(value) && over(value));
    const overloaded = [...new Set([...kept, ...added])].sort();
    versions.set(id, {
      id,
      old,
      base: old.prepared,
      // An upsert of the same form is written with its version, once.
      source: same.get(id)?.source,
      overloaded,
      effective: withoutOverloaded(old.prepared, new Set(overloaded)),
    });
  }
  for (const id of others) same.delete(id);
  return { versions, sameForm: [...same.values()], carriers, flippedValues: flipped.length };
}

function carrierRows(p: PreparedRecord): CarrierRow[] {
  const person = personKey(p);
  return limitedValues(p).map((value) => ({ value, record: p.id, person }));
}
