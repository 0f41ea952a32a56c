import { createLogger, type LogLevel, TapeopError, toTapeopError } from '@tapeop/core';
import { type AnyCommand, type CommandGroup, commandName } from './command.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import { commandHelp, overviewHelp } from './help.js';
import { parseCommandArguments } from './parse-arguments.js';
import { createTerminal, type OutputStream, type Terminal } from './terminal.js';
import { UsageError } from './usage-error.js';

export interface CliIo {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborted when the process is asked to stop (SIGINT, SIGTERM). */
  stopSignal?: AbortSignal;
  version?: string;
}

export interface CliDefinition {
  commands: readonly AnyCommand[];
  groups: readonly CommandGroup[];
}

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Runs one `tapeop` invocation and returns its exit code. Never throws. */
export async function runCli(definition: CliDefinition, io: CliIo): Promise<number> {
  const { commands, groups } = definition;
  const argv = [...io.argv];
  const wantsJson = argv.includes('--json');
  const fallbackTerminal = createTerminal({ ...io, json: wantsJson });

  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    const prefix = argv[0] === 'help' ? argv.slice(1).filter((a) => !a.startsWith('-')) : [];
    const command = commands.find((c) => commandName(c) === prefix.join(' '));
    fallbackTerminal.raw(
      `${command ? commandHelp(command, fallbackTerminal.style) : overviewHelp(commands, groups, fallbackTerminal.style, prefix)}\n`,
    );
    return argv.length === 0 ? exitCodes.usage : exitCodes.ok;
  }
  if (argv[0] === '--version' || argv[0] === '-V') {
    fallbackTerminal.raw(
      wantsJson ? `${JSON.stringify({ version: io.version })}\n` : `${io.version}\n`,
    );
    return exitCodes.ok;
  }

  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  const command = findCommand(commands, words);
  if (!command) {
    const groupWords = words.filter((_, i) =>
      groups.some(
        (g) =>
          g.path.length > i && g.path.slice(0, i + 1).join(' ') === words.slice(0, i + 1).join(' '),
      ),
    );
    const group = groups.find((g) => commandName(g) === groupWords.join(' '));
    if (group && groupWords.length === words.length) {
      fallbackTerminal.raw(
        `${overviewHelp(commands, groups, fallbackTerminal.style, group.path)}\n`,
      );
      return argv.includes('--help') || argv.includes('-h') ? exitCodes.ok : exitCodes.usage;
    }
    const unknown = words.slice(0, Math.max(1, groupWords.length + 1)).join(' ');
    return reportError(
      new UsageError(`unknown command: tapeop ${unknown}`, {
        hint: `Run 'tapeop ${group ? `${commandName(group)} ` : ''}--help' for the list of commands.`,
      }),
      fallbackTerminal,
      wantsJson,
    );
  }

  const name = commandName(command);
  let parsed: ReturnType<typeof parseCommandArguments>;
  try {
    parsed = parseCommandArguments(command, argv.slice(command.path.length));
  } catch (error) {
    return reportError(error, fallbackTerminal, wantsJson);
  }
  const { args, flags } = parsed;
  const terminal = createTerminal({ ...io, json: flags.json });
  if (flags.help) {
    terminal.raw(`${commandHelp(command, createTerminal({ ...io, json: false }).style)}\n`);
    return exitCodes.ok;
  }

  const threshold: LogLevel = flags.debug ? 'debug' : flags.verbose ? 'info' : 'warn';
  const logger = createLogger((record) => {
    if (levelRank[record.level] < levelRank[threshold]) return;
    const style = terminal.errorStyle;
    const label =
      record.level === 'error'
        ? style.red('error:')
        : record.level === 'warn'
          ? style.yellow('warning:')
          : style.dim(`${record.level}:`);
    const where = flags.debug ? style.dim(` [${record.namespace}]`) : '';
    terminal.errorLine(`${label}${where} ${record.message}`);
  });

  try {
    if (command.waitingFor) {
      throw new TapeopError(
        'UNSUPPORTED',
        `tapeop ${name} is not available yet: ${command.waitingFor}`,
        {
          details: { command: name, waitingFor: command.waitingFor },
          hint: 'This command arrives with the library it needs; README.md lists what works today.',
        },
      );
    }
    const outcome = await command.run(args, {
      cwd: io.cwd,
      env: io.env,
      terminal,
      json: flags.json,
      logger,
      stopSignal: io.stopSignal ?? new AbortController().signal,
    });
    if (outcome.printed) {
      // printed already
    } else if (flags.json) terminal.raw(`${JSON.stringify(outcome.result, null, 2)}\n`);
    else command.render(outcome.result, terminal);
    return outcome.problemsFound ? exitCodes.problemsFound : exitCodes.ok;
  } catch (error) {
    return reportError(error, terminal, flags.json);
  }
}

function findCommand(commands: readonly AnyCommand[], words: string[]): AnyCommand | undefined {
  let best: AnyCommand | undefined;
  for (const command of commands) {
    if (command.path.length > words.length) continue;
    if (command.path.every((word, i) => words[i] === word)) {
      if (!best || command.path.length > best.path.length) best = command;
    }
  }
  return best;
}

/** The JSON printed on stdout when a command fails with --json. */
export function errorDocument(error: TapeopError) {
  return { error: error.toJSON() };
}

function reportError(thrown: unknown, terminal: Terminal, json: boolean): number {
  const error = toTapeopError(thrown);
  const code = exitCodeFor(error);
  if (json) {
    terminal.raw(`${JSON.stringify(errorDocument(error), jsonSafe, 2)}\n`);
  }
  const style = terminal.errorStyle;
  terminal.errorLine(`${style.red('tapeop: error:')} ${error.message}`);
  if (error.hint) terminal.errorLine(`${style.bold('what to do:')} ${error.hint}`);
  if (error.code === 'INTERNAL' && error.cause instanceof Error && error.cause.stack) {
    terminal.errorLine(style.dim(error.cause.stack));
    terminal.errorLine(
      'This is a bug in tapeop; please report it with the command you ran and the lines above.',
    );
  }
  return code;
}

/** Error details may hold values JSON cannot carry (bigints, causes that are errors). */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
