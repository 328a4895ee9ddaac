import { SingleBar } from 'cli-progress';

/** A progress bar on stderr for long runs; a silent no-op when disabled (not a TTY and no --progress). */
export interface Progress {
  phase(name: string, total: number): void;
  update(value: number): void;
  stop(): void;
}

export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled) return { phase() {}, update() {}, stop() {} };
  const bar = new SingleBar({
    stream,
    format: '{phase} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}',
    barsize: 30,
    hideCursor: true,
    // Without a TTY (forced with --progress) redraw on a timer rather than per update.
    noTTYOutput: !stream.isTTY,
    notTTYSchedule: 2000,
    etaBuffer: 50,
  });
  let running = false;
  return {
    phase(name, total) {
      if (running) bar.stop();
      bar.start(Math.max(1, total), 0, { phase: name.padEnd(9) });
      running = true;
    },
    update(value) {
      if (running) bar.update(value);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
