/** The `cdk8s-mesh` executable: dispatches to its commands. */
import { Command, Exit, Io, runCommand } from './command';
import { analyzeCommand } from './commands/analyze';
import { diffCommand } from './commands/diff';
import { explainCommand } from './commands/explain';
import { graphCommand } from './commands/graph';
import { packageVersion } from './version';

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [analyzeCommand, explainCommand, diffCommand, graphCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map(c => c.name.length));
  return `Usage: cdk8s-mesh <command> [options]

Commands:
${COMMANDS.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "cdk8s-mesh <command> --help" for a command's options.
Exit codes: 0 clean, 1 findings or changes, 2 usage or input error.
`;
}

/** Runs the command line `args` (without the node and script arguments); returns the exit code. */
export function run(args: readonly string[], io: Io): number {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(help());
    return name === undefined ? Exit.USAGE : Exit.CLEAN;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${packageVersion()}\n`);
    return Exit.CLEAN;
  }
  const command = COMMANDS.find(c => c.name === name);
  if (!command) {
    io.stderr(`cdk8s-mesh: unknown command "${name}"\n\n${help()}`);
    return Exit.USAGE;
  }
  return runCommand(command, rest, io);
}
