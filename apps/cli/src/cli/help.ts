import { type AnyCommand, type CommandGroup, commandName, type OptionSpec } from './command.js';
import { globalOptions } from './parse-arguments.js';
import type { Style } from './terminal.js';

export function usageLine(command: AnyCommand): string {
  const positionals = command.positionals.map((p) => {
    const name = p.variadic ? `${p.name}...` : p.name;
    return p.required ? `<${name}>` : `[${name}]`;
  });
  const required = Object.entries(command.options)
    .filter(([, o]) => o.required)
    .map(([key, o]) => optionLabel(key, o));
  const hasOptions = Object.values(command.options).some((o) => !o.hidden && !o.required);
  return [
    'tapeop',
    ...command.path,
    ...positionals,
    ...required,
    ...(hasOptions ? ['[options]'] : []),
  ].join(' ');
}

export function optionLabel(key: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '';
  const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
  return `${short}--${key}${value}`;
}

export function optionText(spec: OptionSpec): string {
  const extras: string[] = [];
  if (spec.choices) extras.push(`one of: ${spec.choices.join(', ')}`);
  if (spec.defaultText) extras.push(`default: ${spec.defaultText}`);
  if (spec.multiple) extras.push('repeatable');
  return extras.length > 0 ? `${spec.description} (${extras.join('; ')})` : spec.description;
}

function table(rows: Array<[string, string]>, indent = 2): string[] {
  const width = Math.min(34, Math.max(...rows.map(([left]) => left.length)) + 2);
  return rows.map(([left, right]) =>
    left.length + 2 > width
      ? `${' '.repeat(indent)}${left}\n${' '.repeat(indent + width)}${right}`
      : `${' '.repeat(indent)}${left.padEnd(width)}${right}`,
  );
}

export function commandHelp(command: AnyCommand, style: Style): string {
  const lines: string[] = [];
  lines.push(`${style.bold('Usage:')} ${usageLine(command)}`, '', command.summary);
  if (command.waitingFor) lines.push('', style.yellow(`Not available yet: ${command.waitingFor}`));
  if (command.description) lines.push('', command.description);
  if (command.positionals.length > 0) {
    lines.push('', style.bold('Arguments:'));
    lines.push(...table(command.positionals.map((p) => [`<${p.name}>`, p.description])));
  }
  const options = Object.entries(command.options).filter(([, spec]) => !spec.hidden);
  if (options.length > 0) {
    lines.push('', style.bold('Options:'));
    lines.push(...table(options.map(([key, spec]) => [optionLabel(key, spec), optionText(spec)])));
  }
  lines.push('', style.bold('Global options:'));
  lines.push(
    ...table(
      Object.entries(globalOptions).map(([key, spec]) => [
        optionLabel(key, spec),
        spec.description,
      ]),
    ),
  );
  if (command.examples.length > 0) {
    lines.push('', style.bold('Examples:'));
    for (const example of command.examples)
      lines.push(`  ${style.dim(`# ${example.description}`)}`, `  ${example.command}`);
  }
  lines.push(
    '',
    'Exit codes: 0 ok, 1 failure, 2 usage error, 3 problems found (validation, Red Book, QC).',
  );
  return lines.join('\n');
}

export function overviewHelp(
  commands: readonly AnyCommand[],
  groups: readonly CommandGroup[],
  style: Style,
  prefix: readonly string[] = [],
): string {
  const shown = commands.filter((c) => prefix.every((word, i) => c.path[i] === word));
  const lines: string[] = [];
  if (prefix.length === 0) {
    lines.push(
      `${style.bold('tapeop')}: the assistant mastering engineer's job inside the DAWs studios already use.`,
      '',
      `${style.bold('Usage:')} tapeop <command> [arguments] [options]`,
    );
  } else {
    const group = groups.find((g) => commandName(g) === prefix.join(' '));
    lines.push(
      `${style.bold('Usage:')} tapeop ${prefix.join(' ')} <command> [arguments] [options]`,
      '',
      group?.summary ?? '',
    );
  }
  lines.push('', style.bold('Commands:'));
  lines.push(
    ...table(
      shown.map((c) => [
        c.path.join(' '),
        c.waitingFor ? `${c.summary} ${style.dim('(not available yet)')}` : c.summary,
      ]),
    ),
  );
  lines.push(
    '',
    `Run 'tapeop <command> --help' for a command's arguments and examples.`,
    'Every command takes --json (one JSON document on stdout) and --help.',
    'Exit codes: 0 ok, 1 failure, 2 usage error, 3 problems found (validation, Red Book, QC).',
  );
  return lines.join('\n');
}
