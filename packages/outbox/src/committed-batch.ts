import { createHash } from 'node:crypto';

/**
 * What the relay commits to Kafka with every batch, in the same transaction as the batch's messages: the
 * batch's sequence number (as the offset of the relay's own consumer group) and, as the offset's metadata,
 * exactly which outbox rows the batch held. After a crash, the next relay reads it back and deletes those
 * rows instead of publishing them again. Pure: no I/O.
 *
 * The rows are named exactly (id ranges), not by a high-water id: ids are taken when a writer inserts, not when
 * it commits, so a row with a lower id can become visible after a higher one was published, and an id
 * watermark would then skip it. A digest of (id, event id) pairs guards against ids that mean other rows
 * (a table recreated or restored while Kafka kept the state): on a mismatch nothing is deleted, and the rows
 * are published again, a duplicate rather than a loss.
 */

export interface OutboxRowRef {
  id: number;
  eventId: string;
}

export interface CommittedBatch {
  /** Increases by one with every committed batch of this relay id. */
  seq: number;
  ids: number[];
  digest: string;
}

/** Kafka's default `offset.metadata.max.bytes` is 4096; this leaves room for the format's header. */
export const MAX_METADATA_CHARS = 4000;
const FORMAT = '1';

/** Ascending unique ids as base-36 ranges: `[1,2,3,7]` -> `1-3,7`. */
export function encodeIds(ids: readonly number[]): string {
  let out = '';
  forEachRange(ids, (from, to) => {
    out += (out === '' ? '' : ',') + rangeText(from, to);
  });
  return out;
}

export function decodeIds(text: string): number[] {
  if (text === '') return [];
  const ids: number[] = [];
  for (const part of text.split(',')) {
    const [fromText, toText] = part.split('-');
    const from = parseId(fromText);
    const to = toText === undefined ? from : parseId(toText);
    if (to < from || (ids.length > 0 && from <= ids[ids.length - 1]!))
      throw new Error(`outbox batch ids: ranges out of order at "${part}"`);
    for (let id = from; id <= to; id++) ids.push(id);
  }
  return ids;
}

export function batchDigest(rows: readonly OutboxRowRef[]): string {
  const hash = createHash('sha256');
  for (const row of [...rows].sort((a, b) => a.id - b.id)) hash.update(`${row.id}:${row.eventId}\n`);
  return hash.digest('hex').slice(0, 16);
}

export function encodeBatchMetadata(rows: readonly OutboxRowRef[]): string {
  return `${FORMAT}|${batchDigest(rows)}|${encodeIds(rows.map((r) => r.id))}`;
}

export interface BatchLimits {
  rows: number;
  /** Of the metadata naming the rows (default MAX_METADATA_CHARS). */
  metadataChars?: number;
  /** Of the rows' messages together: what one Kafka transaction carries. The first row always fits. */
  bytes?: number;
  /**
   * Of the rows' messages that go to one partition (rows with the same `partition`; without one, all rows
   * count as one partition). Kafka refuses a partition's record batch above `message.max.bytes` (1 MB by
   * default). The first row always fits.
   */
  partitionBytes?: number;
}

/**
 * How many of `rows` (ascending ids) fit one batch. Ids with gaps between them take more room in the metadata
 * than a run of consecutive ones.
 */
export function rowsThatFit(
  rows: readonly (OutboxRowRef & { bytes?: number; partition?: string })[],
  limits: BatchLimits,
): number {
  const maxChars = limits.metadataChars ?? MAX_METADATA_CHARS;
  const maxBytes = limits.bytes ?? Infinity;
  const maxPartitionBytes = limits.partitionBytes ?? Infinity;
  const perPartition = new Map<string | undefined, number>();
  const header = FORMAT.length + 1 + 16 + 1;
  let length = header;
  let bytes = 0;
  let count = 0;
  let runStart = -1;
  let previous = -1;
  for (const row of rows) {
    if (count >= limits.rows) break;
    // The length once this id is added: it either extends the current run or opens a new one.
    const extends_ = count > 0 && row.id === previous + 1;
    const next = extends_
      ? length - rangeText(runStart, previous).length + rangeText(runStart, row.id).length
      : length + (count > 0 ? 1 : 0) + rangeText(row.id, row.id).length;
    if (next > maxChars) break;
    const rowBytes = row.bytes ?? 0;
    const partitionBytes = (perPartition.get(row.partition) ?? 0) + rowBytes;
    if (count > 0 && (bytes + rowBytes > maxBytes || partitionBytes > maxPartitionBytes)) break;
    length = next;
    bytes += rowBytes;
    perPartition.set(row.partition, partitionBytes);
    if (!extends_) runStart = row.id;
    previous = row.id;
    count++;
  }
  return count;
}

/**
 * The last batch committed under the relay's id, from the offsets of its group (one per anchor topic):
 * the highest sequence wins. Offsets written by anything else (no metadata in this format) are ignored.
 */
export function latestCommitted(
  offsets: readonly { offset: string; metadata: string | null }[],
): CommittedBatch | undefined {
  let latest: CommittedBatch | undefined;
  for (const { offset, metadata } of offsets) {
    const seq = Number(offset);
    if (!Number.isSafeInteger(seq) || seq < 0 || metadata === null) continue;
    const [format, digest, ids] = metadata.split('|');
    if (format !== FORMAT || digest === undefined || ids === undefined) continue;
    if (latest === undefined || seq > latest.seq) latest = { seq, digest, ids: decodeIds(ids) };
  }
  return latest;
}

export type InDoubtVerdict =
  /** The batch's rows are still in the outbox: they were published, delete them without sending. */
  | { kind: 'delete'; ids: number[] }
  /** None of them is left: the relay that committed the batch deleted them too. */
  | { kind: 'settled' }
  /** The rows under those ids are not the batch's (or only some are there): delete nothing. */
  | { kind: 'mismatch'; present: number; expected: number };

/** What to do, on taking over, with the rows of the last committed batch that are still in the table. */
export function judgeInDoubt(batch: CommittedBatch, present: readonly OutboxRowRef[]): InDoubtVerdict {
  if (present.length === 0) return { kind: 'settled' };
  if (present.length === batch.ids.length && batchDigest(present) === batch.digest)
    return { kind: 'delete', ids: batch.ids };
  return { kind: 'mismatch', present: present.length, expected: batch.ids.length };
}

function forEachRange(ids: readonly number[], visit: (from: number, to: number) => void): void {
  let from: number | undefined;
  let to = 0;
  for (const id of ids) {
    if (from !== undefined && id <= to) throw new Error('outbox batch ids must ascend');
    if (from !== undefined && id === to + 1) {
      to = id;
      continue;
    }
    if (from !== undefined) visit(from, to);
    from = id;
    to = id;
  }
  if (from !== undefined) visit(from, to);
}

const rangeText = (from: number, to: number): string =>
  from === to ? from.toString(36) : `${from.toString(36)}-${to.toString(36)}`;

function parseId(text: string | undefined): number {
  const id = text === undefined || !/^[0-9a-z]+$/.test(text) ? Number.NaN : parseInt(text, 36);
  if (!Number.isSafeInteger(id) || id < 1) throw new Error(`outbox batch ids: "${text}" is not an id`);
  return id;
}
