import { describe, expect, it } from 'vitest';
import { defineCommand } from './command.js';
import { parseCommandArguments } from './parse-arguments.js';
import { UsageError } from './usage-error.js';

const command = defineCommand({
  path: ['sequence'],
  summary: 'test',
  positionals: [
    { name: 'session', description: 'the session', required: true },
    { name: 'rest', description: 'more', variadic: true },
  ],
  options: {
    gap: { type: 'string', number: { min: 0, max: 60 }, description: 'gap' },
    count: { type: 'string', number: { integer: true, min: 1 }, description: 'count' },
    layout: { type: 'string', choices: ['a', 'b'], description: 'layout' },
    tag: { type: 'string', multiple: true, description: 'tag' },
    from: { type: 'string', description: 'from', required: true },
    cd: { type: 'boolean', description: 'cd' },
    'no-hash': { type: 'boolean', description: 'no hashing' },
  },
  examples: [],
  output: {},
  run: async () => ({ result: {} }),
  render: () => {},
});

const parse = (...argv: string[]) => parseCommandArguments(command, argv);
const usage = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a usage error');
};

describe('parseCommandArguments', () => {
  it('reads positionals, numbers, choices, lists, switches and global flags', () => {
    const { args, flags } = parse(
      'album',
      'x',
      'y',
      '--gap',
      '2.5',
      '--count',
      '3',
      '--layout',
      'b',
      '--tag',
      'one',
      '--tag',
      'two',
      '--from',
      'mixes',
      '--cd',
      '--json',
    );
    expect(args.positionals).toEqual({ session: 'album', rest: ['x', 'y'] });
    expect(args.options).toEqual({
      gap: 2.5,
      count: 3,
      layout: 'b',
      tag: ['one', 'two'],
      from: 'mixes',
      cd: true,
    });
    expect(flags).toMatchObject({ json: true, help: false });
  });

  it('refuses what it cannot use, saying what it wants', () => {
    expect(usage('album', '--from', 'm', '--gap', 'two')).toBe(
      '--gap "two" should be a number from 0 to 60',
    );
    expect(usage('album', '--from', 'm', '--gap', '61')).toContain('from 0 to 60');
    expect(usage('album', '--from', 'm', '--count', '1.5')).toContain('a whole number');
    expect(usage('album', '--from', 'm', '--gap', '')).toContain('should be a number');
    expect(usage('album', '--from', 'm', '--layout', 'c')).toBe('--layout "c" is not one of: a, b');
    expect(usage('album')).toBe('missing --from: from');
    expect(usage('--from', 'm')).toBe('missing <session>: the session');
    expect(usage('album', '--from')).toBe('--from needs a value');
    expect(usage('album', '--from', 'm', '--cd=yes')).toContain('--cd');
  });

  it('suggests the option meant by a typo', () => {
    expect(usage('album', '--form', 'm')).toBe('unknown option --form (did you mean --from?)');
    expect(usage('album', '--from', 'm', '--gpa', '2')).toContain('did you mean --gap?');
    expect(usage('album', '--from', 'm', '--colour')).toBe('unknown option --colour');
  });

  it('reads --no-x switches as their own options', () => {
    expect(parse('album', '--from', 'm', '--no-hash').args.options['no-hash']).toBe(true);
  });

  it('lets --help through whatever else is missing', () => {
    expect(parse('--help').flags.help).toBe(true);
  });

  it('names the command in the hint', () => {
    try {
      parse('album', '--form', 'x');
    } catch (error) {
      expect((error as UsageError).hint).toBe(
        "Run 'tapeop sequence --help' for the usage and examples.",
      );
      expect((error as UsageError).code).toBe('INVALID_ARGUMENT');
    }
  });
});
