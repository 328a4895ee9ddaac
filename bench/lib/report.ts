import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

/**
 * What every benchmark reports with. Figures carry their unit in the name (`records_per_s`, `peak_rss_mib`,
 * `seconds`, `ratio_to_baseline`) so a JSON line needs no legend.
 */
export type Figure = number | string | boolean | null | Figures | Figure[];
export interface Figures {
  [name: string]: Figure;
}

const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The value at quantile q of ascending `sorted` (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Runs `fn` once and returns its value with the wall time in seconds. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** Runs `fn` `runs` times (after `warmup` untimed runs) and gives the median and every time, in seconds. */
export async function medianTime(
  fn: () => unknown,
  runs: number,
  warmup = 1,
): Promise<{ median_seconds: number; runs_seconds: number[] }> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).seconds);
  return { median_seconds: median(times), runs_seconds: times };
}

const MIB = 1024 * 1024;

/**
 * The process's peak resident set so far, in MiB. The kernel's high-water mark (getrusage ru_maxrss) sees
 * every spike, even inside a synchronous call where a timer-based sampler could never run.
 */
export function peakRssMib(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Samples RSS and heap on a timer as well, for a memory profile over time (the peak itself comes from
 * peakRssMib, since timers do not fire while synchronous work runs).
 */
export function sampleMemory(intervalMs = 100): {
  stop(): { peak_rss_mib: number; peak_heap_used_mib: number; samples: number };
} {
  let peakHeap = 0;
  let samples = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    samples += 1;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peak_rss_mib: round(peakRssMib(), 1), peak_heap_used_mib: round(peakHeap / MIB, 1), samples };
    },
  };
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function machine(): Figures {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpu_model: cpu[0]?.model ?? 'unknown',
    node: process.version,
    platform: process.platform,
  };
}

function flatten(figures: Figures, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(figures)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      out.push(...flatten(value, name));
    else if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
      value.forEach((v, i) => {
        if (v !== null && typeof v === 'object' && !Array.isArray(v))
          out.push(...flatten(v, `${name}[${i}]`));
        else out.push([`${name}[${i}]`, JSON.stringify(v)]);
      });
    } else
      out.push([name, typeof value === 'number' ? value.toLocaleString('en-GB') : JSON.stringify(value)]);
  }
  return out;
}

/**
 * Ends a benchmark: a human summary on stdout, then exactly one line of JSON (the last line, for scripts),
 * also written to bench/results/<name>.json.
 */
export function finish(name: string, figures: Figures, options: { write?: boolean } = {}): Figures {
  const result: Figures = { benchmark: name, at: new Date().toISOString(), machine: machine(), ...figures };
  const lines = flatten(figures);
  const width = Math.max(...lines.map(([k]) => k.length), 0);
  process.stdout.write(`\n${name}\n${'-'.repeat(name.length)}\n`);
  for (const [key, value] of lines) process.stdout.write(`  ${key.padEnd(width)}  ${value}\n`);
  const json = JSON.stringify(result);
  if (options.write !== false) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${name}.json`), json + '\n');
  }
  process.stdout.write(json + '\n');
  return result;
}
