import type { Logger } from '@tapeop/core';
import type { JsonSchema } from '../output/json-schema.js';
import type { Terminal } from './terminal.js';

/** One option of a command, as `util.parseArgs` takes it plus what help and validation need. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The option may be given several times; its value is then a list. */
  multiple?: boolean;
  /** The placeholder shown in help (`--gap SECONDS`). */
  valueName?: string;
  description: string;
  /** Parse the value as a number within these limits. */
  number?: { min?: number; max?: number; integer?: boolean };
  /** The value must be one of these. */
  choices?: readonly string[];
  /** Shown in help; the command applies its own default. */
  defaultText?: string;
  /** The option must be given. */
  required?: boolean;
  /** Hidden from help (kept for compatibility). */
  hidden?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
}

export interface Example {
  command: string;
  description: string;
}

export type OptionValue = string | boolean | number | string[] | number[] | undefined;

export interface ParsedArguments {
  /** Positional arguments by name; a variadic one is a list. */
  positionals: Record<string, string | string[] | undefined>;
  options: Record<string, OptionValue>;
}

/** What a command's run returns: its result (printed as JSON with --json) and how it ended. */
export interface CommandOutcome<R> {
  result: R;
  /** The command ran and found problems in the material (validation, Red Book, QC): exit 3. */
  problemsFound?: boolean;
  /** The command printed its own output (a long-running command prints when it is ready). */
  printed?: boolean;
}

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Output for people; silent on stdout when --json is given. */
  terminal: Terminal;
  json: boolean;
  logger: Logger;
  /** Resolves once the process is asked to stop (Ctrl-C); long-running commands end cleanly. */
  stopSignal: AbortSignal;
}

/**
 * A command of `tapeop`: its words, arguments, help and examples, the JSON shape it prints with
 * `--json`, and what it does. The CLI reference (docs/cli-reference.md) is generated from these.
 */
export interface CommandSpec<R = unknown> {
  /** The words after `tapeop`, e.g. ['recall', 'capture']. */
  path: readonly string[];
  summary: string;
  /** Paragraphs shown in --help after the usage. */
  description?: string;
  positionals: readonly PositionalSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  examples: readonly Example[];
  /** JSON Schema of what `--json` prints on success. */
  output: JsonSchema;
  /** The issue or library that must land before the command works; it then exits 1 saying so. */
  waitingFor?: string;
  run(args: ParsedArguments, context: CommandContext): Promise<CommandOutcome<R>>;
  /** Prints the result for people. */
  render(result: R, terminal: Terminal): void;
}

/** A group of subcommands, such as `tapeop recall`. */
export interface CommandGroup {
  path: readonly string[];
  summary: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of commands with different result types
export type AnyCommand = CommandSpec<any>;

export function defineCommand<R>(spec: CommandSpec<R>): CommandSpec<R> {
  return spec;
}

export const commandName = (command: { path: readonly string[] }) => command.path.join(' ');
