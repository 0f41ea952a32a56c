import { TapeopError } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { defineCommand } from './command.js';
import { runCli } from './run-cli.js';

function io(argv: string[]) {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      argv,
      cwd: '/',
      env: { NO_COLOR: '1' },
      stdout: { write: (t: string) => (stdout += t), isTTY: false },
      stderr: { write: (t: string) => (stderr += t), isTTY: false },
    },
    out: () => stdout,
    err: () => stderr,
  };
}

const base = {
  positionals: [],
  options: {},
  examples: [{ command: 'tapeop x', description: 'x' }],
  output: {},
  render: () => {},
};
const commands = [
  defineCommand({
    ...base,
    path: ['later'],
    summary: 'waits',
    waitingFor: '@tapeop/something (issue 99)',
    run: async () => ({ result: {} }),
  }),
  defineCommand({
    ...base,
    path: ['found'],
    summary: 'finds problems',
    run: async () => ({ result: { problems: 2 }, problemsFound: true }),
  }),
  defineCommand({
    ...base,
    path: ['fails'],
    summary: 'fails',
    run: async () => {
      throw new TapeopError('DAW_UNREACHABLE', 'cannot reach REAPER', { hint: 'Start REAPER.' });
    },
  }),
  defineCommand({
    ...base,
    path: ['invalid'],
    summary: 'invalid',
    run: async () => {
      throw new TapeopError('SCHEMA_INVALID', 'session.json: /songs/0/isrc: not an ISRC');
    },
  }),
  defineCommand({
    ...base,
    path: ['bug'],
    summary: 'bug',
    run: async () => {
      throw new Error('boom');
    },
  }),
];
const run = (...argv: string[]) => {
  const t = io(argv);
  return runCli({ commands, groups: [] }, t.io).then((code) => ({
    code,
    out: t.out(),
    err: t.err(),
  }));
};

describe('runCli', () => {
  it('a command whose library has not landed exits 1 saying what it waits for', async () => {
    const r = await run('later');
    expect(r.code).toBe(1);
    expect(r.err).toContain('not available yet: @tapeop/something (issue 99)');
  });

  it('problems found exit 3, failures 1 with the hint, invalid documents 3, bugs 1 with a report request', async () => {
    expect((await run('found')).code).toBe(3);
    const failed = await run('fails');
    expect(failed.code).toBe(1);
    expect(failed.err).toBe('tapeop: error: cannot reach REAPER\nwhat to do: Start REAPER.\n');
    expect((await run('invalid')).code).toBe(3);
    const bug = await run('bug');
    expect(bug.code).toBe(1);
    expect(bug.err).toContain('This is a bug in tapeop');
  });

  it('--json prints one document, on failure the error document', async () => {
    expect(JSON.parse((await run('found', '--json')).out)).toEqual({ problems: 2 });
    expect(JSON.parse((await run('fails', '--json')).out)).toEqual({
      error: {
        code: 'DAW_UNREACHABLE',
        message: 'cannot reach REAPER',
        hint: 'Start REAPER.',
        details: {},
      },
    });
    const unknown = await run('nope', '--json');
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.out).error.code).toBe('INVALID_ARGUMENT');
  });

  it('no arguments prints the overview and exits 2; --help exits 0', async () => {
    expect((await run()).code).toBe(2);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('later');
  });
});
