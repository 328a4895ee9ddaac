#!/usr/bin/env node
/**
 * Entry of the `rapport` command: the only file that reads argv and sets the exit code.
 * Exit codes: 0 done, 2 bad input or usage (nothing written), 1 an unexpected failure (a bug).
 */
import { CommanderError } from 'commander';
import { InputError } from './input/input-error.ts';
import { buildProgram } from './program.ts';

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  fail(message: string) {
    process.stderr.write(`rapport: ${message}\n`);
    process.exitCode = 2;
  },
};

try {
  await buildProgram(io).parseAsync(process.argv);
} catch (error) {
  if (error instanceof InputError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version are not failures.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`rapport: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
