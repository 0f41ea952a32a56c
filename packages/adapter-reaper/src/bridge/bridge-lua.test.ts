import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { adapterPackageRoot } from './bridge-script.js';

// The bridge's own unit tests (bridge/test/*.lua) run under the real Debian interpreters of
// both Lua versions REAPER embeds: 5.3 (REAPER 6) and 5.4 (REAPER 7). `.ci/run` installs both.
describe.each(['lua5.4', 'lua5.3'])('the bridge script under %s', (lua) => {
  it('passes its unit tests against the recording mock of REAPER', () => {
    const run = spawnSync(lua, ['bridge/test/run.lua'], {
      cwd: adapterPackageRoot(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.error) {
      throw new Error(
        `cannot run ${lua} (${run.error.message}): install it with apt-get install ${lua}`,
      );
    }
    const failures = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('not ok') || line.startsWith('  #'));
    expect(failures.join('\n') + run.stderr, `${lua} output`).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/# Lua 5\.\d: \d+ passed, 0 failed/);
  });
});
