import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { allActions } from '../actions/index.js';
import { commandName } from '../cli/command.js';
import { commands } from '../commands/index.js';
import { hubOnlyMethods } from '../hub/hub.js';
import { renderCliReference, renderHubReference, updateReadme } from './render-reference.js';

const read = (path: string) => readFile(new URL(path, import.meta.url), 'utf8');
const stale = 'is stale: run `npm run reference --workspace @tapeop/cli` and commit the result';

describe('the generated references', () => {
  it('docs/cli-reference.md matches the command definitions', async () => {
    expect(await read('../../docs/cli-reference.md'), `docs/cli-reference.md ${stale}`).toBe(
      renderCliReference(commands, allActions),
    );
  });

  it('docs/hub-reference.md matches the action definitions', async () => {
    expect(await read('../../docs/hub-reference.md'), `docs/hub-reference.md ${stale}`).toBe(
      renderHubReference(allActions),
    );
  });

  it("the README's command list matches the commands", async () => {
    const readme = await read('../../../../README.md');
    expect(readme, `README.md's command list ${stale}`).toBe(updateReadme(readme, commands));
  });
});

describe('the CLI and the hub mirror each other', () => {
  it('every action is one command, with the same words, and its --json shape is the method result', () => {
    for (const action of allActions) {
      const command = commands.find((c) => c.path.join('.') === action.method);
      expect(command, `no command for ${action.method}`).toBeDefined();
      expect(command!.output).toBe(action.result);
    }
  });

  it('every command has help text and at least one example', () => {
    for (const command of commands) {
      expect(command.summary.length, commandName(command)).toBeGreaterThan(10);
      expect(command.examples.length, commandName(command)).toBeGreaterThan(0);
      for (const example of command.examples)
        expect(example.command).toMatch(/^(tapeop|npm|node) /);
    }
  });

  it('no hub-only method shadows an action', () => {
    for (const method of Object.keys(hubOnlyMethods))
      expect(allActions.some((a) => a.method === method)).toBe(false);
  });
});
