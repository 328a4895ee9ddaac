import { readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) a process of this machine has used so far, from /proc (utime and stime, fields
 * 14 and 15 of its stat, in clock ticks of 1/100 s); undefined when it cannot be read (no such process here,
 * or not Linux), for the caller to say what that means.
 */
export function readCpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** `readCpuSeconds`, 0 when unreadable. */
export function cpuSeconds(pid: number): number {
  return readCpuSeconds(pid) ?? 0;
}
