import { Command } from 'commander';
import { fitValueCommand } from './commands/fit-value.command.ts';
import { generateCommand } from './commands/generate.command.ts';
import { matcherCommand } from './commands/matcher.command.ts';
import { resolveCommand } from './commands/resolve.command.ts';
import { setupCommand } from './commands/setup.command.ts';
import { trainCommand } from './commands/train.command.ts';
import type { CommandIo } from './commands/command-io.ts';

/** The `rapport` command tree; main.ts runs it against the real process. */
export function buildProgram(io: CommandIo): Command {
  const program = new Command('rapport')
    .description('Rapport identity resolution: batch tools for data engineers and ops')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    // Usage errors exit 2 like bad input; commander's default would exit 1.
    .exitOverride();
  program.addCommand(resolveCommand(io));
  program.addCommand(generateCommand(io));
  program.addCommand(setupCommand(io));
  program.addCommand(fitValueCommand(io));
  program.addCommand(trainCommand(io));
  program.addCommand(matcherCommand(io));
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}
