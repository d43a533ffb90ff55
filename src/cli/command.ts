/**
 * The shape of a command of the `cdk8s-mesh` executable, its input and output, and the parsing of its arguments with
 * Node's own `util.parseArgs`. Exit codes: 0 clean, 1 findings (or changes), 2 usage or input error.
 */
import { parseArgs } from 'util';
import { InputError } from './input/documents';

/** Exit codes a pipeline can act on. */
export const Exit = { CLEAN: 0, FINDINGS: 1, USAGE: 2 } as const;

/** Where a command reads and writes. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The whole standard input (read when an input is `-`). */
  readonly stdin: () => string;
}

/** A wrong invocation: the message is printed with a hint to `--help`, exit code 2. */
export class UsageError extends Error {}

/** An option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** Allowed values of a string option. */
  readonly choices?: readonly string[];
}

/** A command: its name, one-line summary, help text and what it does. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Runs with the parsed options and positional arguments; returns the exit code. */
  run(values: Readonly<Record<string, unknown>>, positionals: readonly string[], io: Io): number;
}

/** Parses `args` for `command` (unknown options and bad choices are usage errors) and runs it. */
export function runCommand(command: Command, args: readonly string[], io: Io): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(command.help);
    return Exit.CLEAN;
  }
  try {
    const options = Object.fromEntries(Object.entries(command.options).map(([k, o]) => [k, {
      type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}),
    }]));
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    for (const [name, o] of Object.entries(command.options)) {
      const v = values[name];
      if (o.choices && typeof v === 'string' && !o.choices.includes(v)) {
        throw new UsageError(`--${name} must be one of ${o.choices.join(', ')}, not "${v}"`);
      }
    }
    return command.run(values, positionals, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`cdk8s-mesh ${command.name}: ${(e as Error).message}\nRun "cdk8s-mesh ${command.name} --help" for its usage.\n`);
      return Exit.USAGE;
    }
    if (e instanceof InputError) {
      io.stderr(`cdk8s-mesh ${command.name}: ${e.message}\n`);
      return Exit.USAGE;
    }
    throw e;
  }
}
