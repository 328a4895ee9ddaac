import { InvalidArgumentError } from 'commander';

/** Streams a command writes to, and how it reports a usage problem; passed in so tests can capture them. */
export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  /** Report a usage problem: the run ends with exit code 2. */
  fail(message: string): void;
}

export function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
}

export function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!(n >= 0)) throw new InvalidArgumentError('not a non-negative number');
  return n;
}
