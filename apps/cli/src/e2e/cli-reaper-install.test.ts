import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runTapeop } from '../test-support/run-tapeop.js';
import { tempFolder } from '../test-support/temp-folder.js';

// tapeop reaper install / uninstall on a resource folder with the engineer's own files.
describe('tapeop reaper install and uninstall, end to end', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let cwd: string;
  const tapeop = (...args: string[]) =>
    runTapeop(args, { cwd, env: { XDG_CONFIG_HOME: join(cwd, '.config') } });
  const ini =
    '[REAPER]\r\nlastproject=C:\\Music\\Night Drive.RPP\r\ncsurf_cnt=1\r\ncsurf_0=MCU 0 0 0 0\r\n\r\n[audioconfig]\r\nsrate=48000\r\n';

  beforeAll(async () => {
    folder = await tempFolder('e2e-reaper-install');
    cwd = folder.path;
    await mkdir(join(cwd, 'REAPER', 'Scripts'), { recursive: true });
    await writeFile(join(cwd, 'REAPER', 'reaper.ini'), ini);
    await writeFile(
      join(cwd, 'REAPER', 'Scripts', '__startup.lua'),
      '-- my own startup\nreaper.ShowConsoleMsg("hi")',
    );
  });
  afterAll(() => folder?.remove());

  it('installs with backups, again without change, and uninstalls to the same bytes', async () => {
    const installed = jsonOf(
      await tapeop('reaper', 'install', '--resource', 'REAPER', '--json'),
      'reaper install',
    );
    expect(installed.changed).toBe(true);
    expect(installed.webInterface).toEqual({ port: 8080, added: true });
    expect(installed.files.map((f: { file: string }) => f.file)).toEqual(
      expect.arrayContaining(['reaper.ini', 'Scripts/tapeop_bridge.lua']),
    );
    expect(await readFile(join(cwd, 'REAPER', 'Scripts', '__startup.lua'), 'utf8')).toContain(
      'my own startup',
    );
    const again = jsonOf(
      await tapeop('reaper', 'install', '--resource', 'REAPER', '--json'),
      'reaper install',
    );
    expect(again.changed).toBe(false);
    const removed = jsonOf(
      await tapeop('reaper', 'uninstall', '--resource', 'REAPER', '--json'),
      'reaper uninstall',
    );
    expect(removed.changed).toBe(true);
    expect(await readFile(join(cwd, 'REAPER', 'reaper.ini'), 'utf8')).toBe(ini);
    expect(await readFile(join(cwd, 'REAPER', 'Scripts', '__startup.lua'), 'utf8')).toBe(
      '-- my own startup\nreaper.ShowConsoleMsg("hi")',
    );
    expect((await readdir(join(cwd, 'REAPER', 'Scripts'))).sort()).toEqual(['__startup.lua']);
  });

  it('a dry run writes nothing; a damaged reaper.ini is refused untouched; a missing folder is exit 1', async () => {
    const dry = jsonOf(
      await tapeop('reaper', 'install', '--resource', 'REAPER', '-n', '--json'),
      'reaper install',
    );
    expect(dry.dryRun).toBe(true);
    expect(await readFile(join(cwd, 'REAPER', 'reaper.ini'), 'utf8')).toBe(ini);
    const damaged = `${ini}this line is neither\r\n`;
    await writeFile(join(cwd, 'REAPER', 'reaper.ini'), damaged);
    const refused = await tapeop('reaper', 'install', '--resource', 'REAPER');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('reaper.ini');
    expect(await readFile(join(cwd, 'REAPER', 'reaper.ini'), 'utf8')).toBe(damaged);
    const missing = await tapeop('reaper', 'install', '--resource', 'nowhere');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('what to do:');
  });
});
