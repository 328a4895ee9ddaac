import { performance } from 'node:perf_hooks';

const CHUNK_BYTES = 64 * 1024 * 1024;
const PARSE_BATCH = 1024;

/**
 * Generated records kept as JSON text in a few large buffers and parsed one at a time when read, the way a
 * file reader hands records to the engine. A million records as objects would take ~1.3 GB of heap that
 * the garbage collector scans for the whole run; as text outside the heap they cost ~0.5 GB and no GC.
 */
export class RecordTape<T> {
  readonly #chunks: Buffer[] = [];
  #chunk = -1;
  #used = CHUNK_BYTES;
  #chunkOf = new Int32Array(1024);
  #start = new Int32Array(1024);
  #end = new Int32Array(1024);
  #count = 0;
  /** Seconds spent parsing while iterating, so a caller can tell the engine's time from the reading. */
  parseSeconds = 0;
  /** CPU seconds of the thread that parsed, the same way (the collector's later work on them not included). */
  parseCpuSeconds = 0;

  get length(): number {
    return this.#count;
  }

  push(value: T): void {
    const text = JSON.stringify(value);
    const bytes = Buffer.byteLength(text);
    if (bytes > CHUNK_BYTES) throw new Error(`a record of ${bytes} bytes does not fit a tape chunk`);
    if (this.#used + bytes > CHUNK_BYTES) {
      this.#chunks.push(Buffer.allocUnsafe(CHUNK_BYTES));
      this.#chunk++;
      this.#used = 0;
    }
    if (this.#count === this.#start.length) this.#grow();
    this.#chunks[this.#chunk]!.write(text, this.#used);
    this.#chunkOf[this.#count] = this.#chunk;
    this.#start[this.#count] = this.#used;
    this.#end[this.#count] = this.#used + bytes;
    this.#used += bytes;
    this.#count++;
  }

  /**
   * The first `n` records (or all), parsed afresh, a batch at a time: the clocks are read once per batch
   * (reading the thread's CPU clock per record cost more than a microsecond on a loaded machine).
   */
  *read(n = this.#count): Generator<T> {
    const last = Math.min(n, this.#count);
    const batch: T[] = [];
    for (let from = 0; from < last; from += PARSE_BATCH) {
      const to = Math.min(last, from + PARSE_BATCH);
      const t = performance.now();
      const cpu = process.threadCpuUsage();
      for (let i = from; i < to; i++)
        batch.push(
          JSON.parse(this.#chunks[this.#chunkOf[i]!]!.toString('utf8', this.#start[i], this.#end[i])) as T,
        );
      const used = process.threadCpuUsage(cpu);
      this.parseCpuSeconds += (used.user + used.system) / 1e6;
      this.parseSeconds += (performance.now() - t) / 1000;
      for (let k = 0; k < batch.length; k++) yield batch[k]!;
      batch.length = 0;
    }
  }

  #grow(): void {
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.#chunkOf = grow(this.#chunkOf);
    this.#start = grow(this.#start);
    this.#end = grow(this.#end);
  }
}
