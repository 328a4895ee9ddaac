import { spawn } from 'node:child_process';
import type { Figures } from './report.ts';

/**
 * Runs a benchmark step in its own Node process, so that its peak RSS is its own, and returns the JSON object
 * it printed as its last stdout line. Its stderr passes through for progress.
 */
export class ChildTimedOut extends Error {
  readonly seconds: number;
  constructor(seconds: number) {
    super(`no result within ${seconds} s`);
    this.seconds = seconds;
  }
}

export class ChildFailed extends Error {
  readonly exitCode: number | null;
  readonly signal: string | null;
  constructor(exitCode: number | null, signal: string | null) {
    // SIGABRT is how V8 ends a process that ran out of heap.
    super(
      signal === 'SIGABRT'
        ? 'aborted (SIGABRT: V8 heap out of memory)'
        : `ended with ${signal ?? `exit code ${exitCode}`}`,
    );
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

/** A child still running after `timeoutSeconds` is killed and the promise rejects with ChildTimedOut. */
export function runChild(
  script: string,
  args: string[],
  nodeArgs: string[] = [],
  timeoutSeconds = Infinity,
): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let timedOut = false;
    const timer = Number.isFinite(timeoutSeconds)
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutSeconds * 1000)
      : undefined;
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new ChildTimedOut(timeoutSeconds));
        return;
      }
      if (code !== 0) {
        reject(new ChildFailed(code, signal));
        return;
      }
      const last = stdout.trimEnd().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as Figures);
      } catch {
        reject(new Error(`${script} did not end with a JSON line: ${last.slice(0, 200)}`));
      }
    });
  });
}
