import { parseArgs } from 'node:util';
import {
  type AnyCommand,
  commandName,
  type OptionSpec,
  type OptionValue,
  type ParsedArguments,
} from './command.js';
import { UsageError } from './usage-error.js';

/** Options every command takes. */
export const globalOptions: Record<string, OptionSpec> = {
  json: {
    type: 'boolean',
    description: 'Print one JSON document on stdout (its shape is in the CLI reference).',
  },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
  verbose: { type: 'boolean', short: 'v', description: 'Also print progress messages on stderr.' },
  debug: { type: 'boolean', description: 'Print everything the libraries log, on stderr.' },
};

export interface GlobalFlags {
  json: boolean;
  help: boolean;
  verbose: boolean;
  debug: boolean;
}

/**
 * Parses a command's arguments with node's util.parseArgs (strict: unknown options are usage
 * errors), then checks what parseArgs does not: numbers, choices, required and extra positionals.
 */
export function parseCommandArguments(
  command: AnyCommand,
  argv: string[],
): { args: ParsedArguments; flags: GlobalFlags } {
  const name = commandName(command);
  const specs: Record<string, OptionSpec> = { ...globalOptions, ...command.options };
  const parseOptions: Record<
    string,
    { type: 'string' | 'boolean'; short?: string; multiple?: boolean }
  > = {};
  for (const [key, spec] of Object.entries(specs)) {
    parseOptions[key] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: parseOptions,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(explainParseError(error as Error & { code?: string }, specs), {
      command: name,
    });
  }

  const values = parsed.values as Record<string, string | boolean | (string | boolean)[]>;
  const flags: GlobalFlags = {
    json: values.json === true,
    help: values.help === true,
    verbose: values.verbose === true,
    debug: values.debug === true,
  };

  const options: Record<string, OptionValue> = {};
  for (const [key, spec] of Object.entries(command.options)) {
    const raw = values[key];
    if (raw === undefined) continue;
    options[key] = convertOption(key, spec, raw, name);
  }

  if (!flags.help)
    for (const [key, spec] of Object.entries(command.options))
      if (spec.required && options[key] === undefined)
        throw new UsageError(`missing --${key}: ${spec.description}`, { command: name });

  const positionals: Record<string, string | string[] | undefined> = {};
  const rest = [...parsed.positionals];
  for (const spec of command.positionals) {
    if (spec.variadic) {
      positionals[spec.name] = rest.splice(0);
      if (spec.required && (positionals[spec.name] as string[]).length === 0 && !flags.help)
        throw new UsageError(`missing <${spec.name}>: ${spec.description}`, { command: name });
    } else {
      const value = rest.shift();
      if (value === undefined && spec.required && !flags.help)
        throw new UsageError(`missing <${spec.name}>: ${spec.description}`, { command: name });
      positionals[spec.name] = value;
    }
  }
  if (rest.length > 0 && !flags.help) {
    throw new UsageError(
      `unexpected argument${rest.length === 1 ? '' : 's'}: ${rest.map((r) => JSON.stringify(r)).join(' ')}`,
      { command: name },
    );
  }
  return { args: { positionals, options }, flags };
}

function convertOption(
  key: string,
  spec: OptionSpec,
  raw: string | boolean | (string | boolean)[],
  command: string,
): OptionValue {
  const one = (value: string | boolean): string | boolean | number => {
    if (typeof value === 'boolean') return value;
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(
        `--${key} ${JSON.stringify(value)} is not one of: ${spec.choices.join(', ')}`,
        { command },
      );
    }
    if (!spec.number) return value;
    const number = value.trim() === '' ? Number.NaN : Number(value);
    const { min, max, integer } = spec.number;
    const want = `${integer ? 'a whole number' : 'a number'}${
      min !== undefined && max !== undefined
        ? ` from ${min} to ${max}`
        : min !== undefined
          ? ` of at least ${min}`
          : max !== undefined
            ? ` of at most ${max}`
            : ''
    }`;
    if (
      !Number.isFinite(number) ||
      (integer && !Number.isInteger(number)) ||
      (min !== undefined && number < min) ||
      (max !== undefined && number > max)
    ) {
      throw new UsageError(`--${key} ${JSON.stringify(value)} should be ${want}`, { command });
    }
    return number;
  };
  if (Array.isArray(raw)) return raw.map(one) as string[] | number[];
  return one(raw);
}

function explainParseError(error: Error & { code?: string }, specs: Record<string, OptionSpec>) {
  const message = error.message;
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
  if (unknown) {
    const given = unknown[1]!.replace(/^-+/, '').split('=')[0]!;
    const close = closestOption(given, Object.keys(specs));
    return `unknown option ${unknown[1]}${close ? ` (did you mean --${close}?)` : ''}`;
  }
  const missingValue = /Option '(?:-\w, )?(--[^ ]+) <value>' argument missing/.exec(message);
  if (missingValue) return `${missingValue[1]} needs a value`;
  const notBoolean = /Option '(?:-\w, )?(--[^ ]+)' does not take an argument/.exec(message);
  if (notBoolean) return `${notBoolean[1]} is a switch and takes no value`;
  return message.replace(/\. To specify a positional argument.*$/s, '');
}

/** The option name nearest to a mistyped one, when it is close enough to be a typo. */
function closestOption(given: string, names: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(given, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(given.length / 3)) ? best.name : undefined;
}

/** Optimal string alignment distance: a swap of two neighbours (--form for --from) counts once. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
