/**
 * Which offset of one partition may be committed. Kafka commits "the next offset to read", so the
 * committable offset is the one just past the longest run of finished deliveries, taken in delivery
 * order: whatever order messages finish in, a commit never passes one that is unfinished. Offsets
 * may have gaps (compaction, transaction markers), so deliveries are tracked as they came.
 */
export class OffsetTracker {
  private readonly delivered: string[] = [];
  private readonly unfinished = new Set<string>();
  /** Index of the first unfinished delivery. */
  private head = 0;
  private last: bigint | undefined;
  private taken: string | undefined;

  /** Registers the next delivery; offsets only grow within a partition. */
  deliver(offset: string): void {
    const value = BigInt(offset);
    if (this.last !== undefined && value <= this.last) {
      throw new RangeError(`offset ${offset} delivered after ${this.last}`);
    }
    this.last = value;
    this.delivered.push(offset);
    this.unfinished.add(offset);
  }

  /** Marks a delivered offset done (its outcome is final and durable). */
  finish(offset: string): void {
    if (!this.unfinished.delete(offset)) throw new RangeError(`offset ${offset} is not a pending delivery`);
    while (this.head < this.delivered.length && !this.unfinished.has(this.delivered[this.head]!)) this.head++;
  }

  /** The offset a commit may name now, if any delivery finished: the first unfinished, or past the last. */
  committable(): string | undefined {
    if (this.head === 0) return undefined;
    return this.delivered[this.head] ?? (BigInt(this.delivered[this.head - 1]!) + 1n).toString();
  }

  /** `committable()` when it moved since the last `take()`: what to send in the next commit. */
  take(): string | undefined {
    const offset = this.committable();
    if (offset === undefined || offset === this.taken) return undefined;
    this.taken = offset;
    return offset;
  }
}
