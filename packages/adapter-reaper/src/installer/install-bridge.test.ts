import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  listFolders,
  makeResourceFolder,
  mtimes,
  type ResourceFolder,
  STUDIO_REAPER_INI,
  STUDIO_REAPER_KB,
  STUDIO_STARTUP,
  snapshotFolder,
  studioFiles,
} from '../../test/reaper-resource-fixture.js';
import { adapterPackageRoot, bridgeScriptPath } from '../bridge/bridge-script.js';
import { bridgeRegistrationLine, installReaperBridge } from './install-bridge.js';
import { defaultReaperResourcePath } from './resource-path.js';
import { uninstallReaperBridge } from './uninstall-bridge.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const LATER = new Date('2026-11-24T11:00:00.000Z');
const text = async (dir: string, rel: string) =>
  (await readFile(join(dir, ...rel.split('/')))).toString('latin1');

let folder: ResourceFolder | undefined;
afterEach(async () => {
  await folder?.cleanup();
  folder = undefined;
});

async function refused(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isTapeopError(error)) return error;
    throw error;
  }
  throw new Error('the installer did not refuse');
}

describe('installReaperBridge on a studio machine', () => {
  it('copies the script, registers it, starts it at launch and adds the surfaces, in CRLF files', async () => {
    folder = await makeResourceFolder();
    const result = await installReaperBridge(folder.dir, { now: NOW, eol: '\n' });
    expect(result.changed).toBe(true);
    expect(result.commandId).toBe('_TAPEOP_BRIDGE');
    expect(result.webInterface).toEqual({ port: 8080, added: true });
    expect(result.osc).toEqual({
      listenPort: 8000,
      deviceHost: '127.0.0.1',
      devicePort: 9000,
      added: true,
    });
    expect(result.files.map((f) => [f.file, f.action, f.backup])).toEqual([
      ['Scripts/tapeop_bridge.lua', 'created', undefined],
      ['OSC/tapeop.ReaperOSC', 'created', undefined],
      ['reaper-kb.ini', 'updated', 'tapeop/backups/2026-11-24T10-00-00-000Z/reaper-kb.ini'],
      [
        'Scripts/__startup.lua',
        'updated',
        'tapeop/backups/2026-11-24T10-00-00-000Z/Scripts/__startup.lua',
      ],
      ['reaper.ini', 'updated', 'tapeop/backups/2026-11-24T10-00-00-000Z/reaper.ini'],
    ]);

    const ini = await text(folder.dir, 'reaper.ini');
    const expected = STUDIO_REAPER_INI.replace('csurf_cnt=2', 'csurf_cnt=4').replace(
      'csurf_1=OSC "TouchOSC iPad" 3 8100 "192.168.1.20" 9100 1024 10 "TouchOSC"\r\n',
      `csurf_1=OSC "TouchOSC iPad" 3 8100 "192.168.1.20" 9100 1024 10 "TouchOSC"\r\ncsurf_2=HTTP 0 8080 '' 'index.html' 0 ''\r\ncsurf_3=OSC "tapeop" 3 8000 "127.0.0.1" 9000 1024 10 "tapeop"\r\n`,
    );
    expect(ini).toBe(expected);

    expect(await text(folder.dir, 'reaper-kb.ini')).toBe(
      `${STUDIO_REAPER_KB}SCR 4 0 TAPEOP_BRIDGE "Custom: tapeop_bridge.lua" tapeop_bridge.lua\r\n`,
    );
    expect(bridgeRegistrationLine()).toBe(
      'SCR 4 0 TAPEOP_BRIDGE "Custom: tapeop_bridge.lua" tapeop_bridge.lua',
    );
    const startup = await text(folder.dir, 'Scripts/__startup.lua');
    expect(startup.startsWith(`${STUDIO_STARTUP}\n-- >>> tapeop bridge`)).toBe(true);
    expect(startup.endsWith('-- <<< tapeop bridge')).toBe(true);
    expect(await readFile(join(folder.dir, 'Scripts/tapeop_bridge.lua'))).toEqual(
      await readFile(bridgeScriptPath()),
    );
    expect(await readFile(join(folder.dir, 'OSC/tapeop.ReaperOSC'))).toEqual(
      await readFile(join(adapterPackageRoot(), 'osc/tapeop.ReaperOSC')),
    );
  });

  it('backs up every file it touches, byte for byte, and records what it added', async () => {
    folder = await makeResourceFolder();
    const before = await snapshotFolder(folder.dir);
    const result = await installReaperBridge(folder.dir, { now: NOW });
    expect(result.backupFolder).toBe('tapeop/backups/2026-11-24T10-00-00-000Z');
    for (const file of result.files.filter((f) => f.backup)) {
      expect(await readFile(join(folder.dir, file.backup!)), file.file).toEqual(
        before.get(file.file),
      );
    }
    const record = JSON.parse(await text(folder.dir, 'tapeop/install.json'));
    expect(record).toEqual({
      schema: 'tapeop-reaper-install.1',
      installedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      files: {
        'Scripts/tapeop_bridge.lua': { kind: 'copied' },
        'OSC/tapeop.ReaperOSC': { kind: 'copied' },
        'reaper-kb.ini': { kind: 'reaper-kb', name: 'TAPEOP_BRIDGE', createdFile: false },
        'Scripts/__startup.lua': { kind: 'startup', createdFile: false },
        'reaper.ini': {
          kind: 'reaper-ini',
          surfaces: [
            "HTTP 0 8080 '' 'index.html' 0 ''",
            'OSC "tapeop" 3 8000 "127.0.0.1" 9000 1024 10 "tapeop"',
          ],
          countAdded: false,
          sectionAdded: false,
          createdFile: false,
        },
      },
      createdFolders: [],
    });
  });

  it('changes nothing the second time: no write, no backup', async () => {
    folder = await makeResourceFolder();
    await installReaperBridge(folder.dir, { now: NOW });
    const after = await snapshotFolder(folder.dir);
    const files = [...after.keys()];
    const times = await mtimes(folder.dir, files);
    const again = await installReaperBridge(folder.dir, { now: LATER });
    expect(again).toMatchObject({ changed: false, files: [] });
    expect(again.backupFolder).toBeUndefined();
    expect(again.webInterface).toEqual({ port: 8080, added: false });
    expect(again.osc).toMatchObject({ listenPort: 8000, added: false });
    expect(await snapshotFolder(folder.dir)).toEqual(after);
    expect(await mtimes(folder.dir, files)).toEqual(times);
    expect(await readdir(join(folder.dir, 'tapeop/backups'))).toEqual(['2026-11-24T10-00-00-000Z']);
  });

  it('install → uninstall leaves every file byte for byte as it was', async () => {
    folder = await makeResourceFolder();
    const before = await snapshotFolder(folder.dir);
    const foldersBefore = await listFolders(folder.dir);
    await installReaperBridge(folder.dir, { now: NOW });
    const result = await uninstallReaperBridge(folder.dir, { now: LATER });
    expect(result.files.map((f) => [f.file, f.action])).toEqual([
      ['Scripts/tapeop_bridge.lua', 'deleted'],
      ['OSC/tapeop.ReaperOSC', 'deleted'],
      ['reaper-kb.ini', 'updated'],
      ['Scripts/__startup.lua', 'updated'],
      ['reaper.ini', 'updated'],
    ]);
    expect(result.notes).toEqual([]);
    expect(await snapshotFolder(folder.dir)).toEqual(before);
    // the two backup folders stay, and nothing else of tapeop's
    expect((await listFolders(folder.dir)).filter((f) => !f.startsWith('tapeop/backups/'))).toEqual(
      [...foldersBefore, 'tapeop', 'tapeop/backups'].sort(),
    );
    expect(await readdir(join(folder.dir, 'tapeop/backups'))).toEqual([
      '2026-11-24T10-00-00-000Z',
      '2026-11-24T11-00-00-000Z',
    ]);
    // and a second uninstall has nothing to do
    const again = await uninstallReaperBridge(folder.dir);
    expect(again.changed).toBe(false);
    expect(again.notes[0]).toMatch(/^Nothing to uninstall/);
  });

  it("starts the bridge from a startup script that still runs the engineer's code (real Lua 5.3 and 5.4)", async () => {
    folder = await makeResourceFolder();
    await installReaperBridge(folder.dir, { now: NOW });
    const mock = [
      'local calls = {}',
      'reaper = {',
      '  NamedCommandLookup = function(name) calls[#calls + 1] = "lookup " .. name; return name == "_TAPEOP_BRIDGE" and 54321 or 0 end,',
      '  Main_OnCommand = function(id, flag) calls[#calls + 1] = "run " .. id .. " " .. flag end,',
      '  SetExtState = function(s, k, v) calls[#calls + 1] = "extstate " .. s .. "/" .. k .. "=" .. v end,',
      '}',
      `dofile(${JSON.stringify(join(folder.dir, 'Scripts', '__startup.lua'))})`,
      'print(table.concat(calls, ";"))',
    ].join('\n');
    for (const lua of ['lua5.4', 'lua5.3']) {
      const run = spawnSync(lua, ['-'], { input: mock, encoding: 'utf8', timeout: 10_000 });
      if (run.error) throw new Error(`cannot run ${lua}: install it with apt-get install ${lua}`);
      expect(run.stderr, lua).toBe('');
      expect(run.stdout.trim(), lua).toBe(
        'extstate studio/room=A;lookup _SWS_AWCOUNTRECTOG;lookup _TAPEOP_BRIDGE;run 54321 0',
      );
    }
  });

  it('keeps a web interface the user has, on its own port, and uninstall leaves it', async () => {
    const files = studioFiles();
    files['reaper.ini'] = files['reaper.ini']!.replace(
      'csurf_0=MCU 0 9 0 0 1 0 0',
      "csurf_0=HTTP 0 2307 '' 'index.html' 0 ''",
    );
    folder = await makeResourceFolder(files);
    const before = await snapshotFolder(folder.dir);
    const result = await installReaperBridge(folder.dir, { now: NOW });
    expect(result.webInterface).toEqual({ port: 2307, added: false });
    const ini = await text(folder.dir, 'reaper.ini');
    expect(ini.match(/=HTTP /g)).toHaveLength(1);
    expect(ini).toContain('csurf_cnt=3\r\n');
    await uninstallReaperBridge(folder.dir, { now: LATER });
    expect(await snapshotFolder(folder.dir)).toEqual(before);
  });

  it('leaves alone a registration and a startup line the user made by hand, and uninstall too', async () => {
    const files = studioFiles();
    files['reaper-kb.ini'] +=
      'SCR 4 0 TAPEOP_BRIDGE "Custom: tapeop_bridge.lua" tapeop_bridge.lua\r\n';
    files['Scripts/__startup.lua'] +=
      '\nreaper.Main_OnCommand(reaper.NamedCommandLookup("_TAPEOP_BRIDGE"), 0)\n';
    folder = await makeResourceFolder(files);
    const before = await snapshotFolder(folder.dir);
    const result = await installReaperBridge(folder.dir, { now: NOW, osc: false, web: false });
    expect(result.files.map((f) => f.file)).toEqual(['Scripts/tapeop_bridge.lua']);
    expect(result.notes).toContain(
      'Scripts/__startup.lua line 5 already starts _TAPEOP_BRIDGE; left as it is',
    );
    await uninstallReaperBridge(folder.dir, { now: LATER });
    expect(await snapshotFolder(folder.dir)).toEqual(before);
  });

  it('restores a bridge file it replaced, and keeps that original across upgrades', async () => {
    const files = studioFiles();
    files['Scripts/tapeop_bridge.lua'] = '-- an old hand-copied bridge\n';
    folder = await makeResourceFolder(files);
    const before = await snapshotFolder(folder.dir);
    await installReaperBridge(folder.dir, { now: NOW });
    // an upgrade: a newer bridge
    const newer = join(folder.dir, 'newer_bridge.lua');
    await writeFile(newer, '-- tapeop bridge, next version\n');
    const upgrade = await installReaperBridge(folder.dir, { now: LATER, bridgeScript: newer });
    expect(upgrade.files.map((f) => [f.file, f.action])).toEqual([
      ['Scripts/tapeop_bridge.lua', 'updated'],
    ]);
    expect(await text(folder.dir, 'Scripts/tapeop_bridge.lua')).toBe(
      '-- tapeop bridge, next version\n',
    );
    const record = JSON.parse(await text(folder.dir, 'tapeop/install.json'));
    expect(record.files['Scripts/tapeop_bridge.lua']).toEqual({
      kind: 'copied',
      original: 'tapeop/backups/2026-11-24T10-00-00-000Z/Scripts/tapeop_bridge.lua',
    });
    expect(record.installedAt).toBe(NOW.toISOString());
    expect(record.updatedAt).toBe(LATER.toISOString());
    const removed = await uninstallReaperBridge(folder.dir, {
      now: new Date('2026-11-24T12:00:00Z'),
    });
    expect(removed.files[0]).toMatchObject({
      file: 'Scripts/tapeop_bridge.lua',
      action: 'restored',
    });
    const after = await snapshotFolder(folder.dir);
    after.delete('newer_bridge.lua');
    expect(after).toEqual(before);
  });

  it('removes its surfaces after REAPER numbered a new one behind them', async () => {
    folder = await makeResourceFolder();
    await installReaperBridge(folder.dir, { now: NOW });
    // The engineer adds a surface in REAPER's preferences; REAPER writes it as csurf_4.
    const ini = (await text(folder.dir, 'reaper.ini'))
      .replace('csurf_cnt=4', 'csurf_cnt=5')
      .replace('csurfrate=15', 'csurf_4=MIDI 0 2 3 0 0\r\ncsurfrate=15');
    await writeFile(join(folder.dir, 'reaper.ini'), Buffer.from(ini, 'latin1'));
    await uninstallReaperBridge(folder.dir, { now: LATER });
    expect(await text(folder.dir, 'reaper.ini')).toBe(
      STUDIO_REAPER_INI.replace('csurf_cnt=2', 'csurf_cnt=3').replace(
        'csurfrate=15',
        'csurf_2=MIDI 0 2 3 0 0\r\ncsurfrate=15',
      ),
    );
  });

  it('leaves a surface the engineer changed in REAPER, and says so', async () => {
    folder = await makeResourceFolder();
    await installReaperBridge(folder.dir, { now: NOW });
    const ini = (await text(folder.dir, 'reaper.ini')).replace(
      "csurf_2=HTTP 0 8080 '' 'index.html' 0 ''",
      "csurf_2=HTTP 0 8081 '' 'index.html' 0 ''",
    );
    await writeFile(join(folder.dir, 'reaper.ini'), Buffer.from(ini, 'latin1'));
    const result = await uninstallReaperBridge(folder.dir, { now: LATER });
    expect(result.notes).toEqual([
      "reaper.ini: the control surface tapeop added (HTTP 0 8080 '' 'index.html' 0 '') was changed or removed since (in REAPER's preferences?); whatever is there now is left alone",
    ]);
    expect(await text(folder.dir, 'reaper.ini')).toContain(
      'csurf_cnt=3\r\ncsurf_0=MCU 0 9 0 0 1 0 0\r\ncsurf_1=OSC "TouchOSC iPad" 3 8100 "192.168.1.20" 9100 1024 10 "TouchOSC"\r\ncsurf_2=HTTP 0 8081 \'\' \'index.html\' 0 \'\'\r\ncsurfrate',
    );
  });

  it('reports everything and writes nothing in a dry run', async () => {
    folder = await makeResourceFolder();
    const before = await snapshotFolder(folder.dir);
    const result = await installReaperBridge(folder.dir, { now: NOW, dryRun: true });
    expect(result).toMatchObject({ dryRun: true, changed: true });
    expect(result.files).toHaveLength(5);
    expect(await snapshotFolder(folder.dir)).toEqual(before);
    expect(await listFolders(folder.dir)).not.toContain('tapeop');
  });
});

describe('installReaperBridge on a fresh REAPER', () => {
  it('creates the files and folders it needs, and uninstall removes all of them', async () => {
    folder = await makeResourceFolder({});
    const result = await installReaperBridge(folder.dir, { now: NOW, eol: '\r\n' });
    expect(result.files.map((f) => [f.file, f.action])).toEqual([
      ['Scripts/tapeop_bridge.lua', 'created'],
      ['OSC/tapeop.ReaperOSC', 'created'],
      ['reaper-kb.ini', 'created'],
      ['Scripts/__startup.lua', 'created'],
      ['reaper.ini', 'created'],
    ]);
    expect(result.backupFolder).toBeUndefined();
    expect(await text(folder.dir, 'reaper.ini')).toBe(
      `[REAPER]\r\ncsurf_cnt=2\r\ncsurf_0=HTTP 0 8080 '' 'index.html' 0 ''\r\ncsurf_1=OSC "tapeop" 3 8000 "127.0.0.1" 9000 1024 10 "tapeop"\r\n`,
    );
    expect(await text(folder.dir, 'reaper-kb.ini')).toBe(`${bridgeRegistrationLine()}\r\n`);
    const record = JSON.parse(await text(folder.dir, 'tapeop/install.json'));
    expect(record.createdFolders).toEqual(['Scripts', 'OSC']);
    expect(record.files['reaper.ini']).toMatchObject({
      countAdded: true,
      sectionAdded: true,
      createdFile: true,
    });

    const removed = await uninstallReaperBridge(folder.dir, { now: LATER });
    expect(removed.files.map((f) => [f.file, f.action])).toEqual([
      ['Scripts/tapeop_bridge.lua', 'deleted'],
      ['OSC/tapeop.ReaperOSC', 'deleted'],
      ['reaper-kb.ini', 'deleted'],
      ['Scripts/__startup.lua', 'deleted'],
      ['reaper.ini', 'deleted'],
    ]);
    // nothing is left but the backups of what uninstall touched
    expect(await snapshotFolder(folder.dir)).toEqual(new Map());
    expect(await listFolders(folder.dir)).toEqual([
      'tapeop',
      'tapeop/backups',
      'tapeop/backups/2026-11-24T11-00-00-000Z',
      'tapeop/backups/2026-11-24T11-00-00-000Z/OSC',
      'tapeop/backups/2026-11-24T11-00-00-000Z/Scripts',
    ]);
  });

  it('adds the [REAPER] section to an ini that lacks it, and takes it away again', async () => {
    const ini = '[audioconfig]\nsrate=48000';
    folder = await makeResourceFolder({ 'reaper.ini': ini });
    await installReaperBridge(folder.dir, { now: NOW, startup: false });
    expect(await text(folder.dir, 'reaper.ini')).toBe(
      `[audioconfig]\nsrate=48000\n[REAPER]\ncsurf_cnt=2\ncsurf_0=HTTP 0 8080 '' 'index.html' 0 ''\ncsurf_1=OSC "tapeop" 3 8000 "127.0.0.1" 9000 1024 10 "tapeop"`,
    );
    await uninstallReaperBridge(folder.dir, { now: LATER });
    expect(await text(folder.dir, 'reaper.ini')).toBe(ini);
  });

  it('says where the resource folder is when the path is wrong', async () => {
    const error = await refused(installReaperBridge('/no/such/REAPER'));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toBe(
      "/no/such/REAPER is not a folder: it is not REAPER's resource folder",
    );
    expect(error.hint).toMatch(/Options > Show REAPER resource path/);
  });
});

describe('installReaperBridge refuses what it cannot read, and writes nothing', () => {
  const cases: Array<[string, (files: Record<string, string>) => void, RegExp]> = [
    [
      'a reaper.ini line that is not an ini line',
      (f) => {
        f['reaper.ini'] = f['reaper.ini']!.replace('bsize=512', 'bsize 512');
      },
      /^reaper\.ini line 18: "bsize 512" is neither a \[section\], a key=value setting nor a comment; nothing was changed$/,
    ],
    [
      'a section name that never closes',
      (f) => {
        f['reaper.ini'] = f['reaper.ini']!.replace('[verchk]', '[verchk');
      },
      /^reaper\.ini line 29: "\[verchk" opens a \[section\] name that never closes/,
    ],
    [
      'a count that appears twice',
      (f) => {
        f['reaper.ini'] = f['reaper.ini']!.replace('csurfrate=15', 'csurf_cnt=3');
      },
      /^reaper\.ini line 8: csurf_cnt appears a second time in \[REAPER\] \(first at line 5\)/,
    ],
    [
      'a count that is not a number',
      (f) => {
        f['reaper.ini'] = f['reaper.ini']!.replace('csurf_cnt=2', 'csurf_cnt=two');
      },
      /^reaper\.ini line 5: csurf_cnt is "two", not a number of control surfaces/,
    ],
    [
      'a surface with broken quoting',
      (f) => {
        f['reaper.ini'] = f['reaper.ini']!.replace('10 "TouchOSC"', '10 "TouchOSC');
      },
      /^reaper\.ini line 7: the control surface csurf_1 has a quote that never closes/,
    ],
    [
      'a stale surface where tapeop would add its own',
      (f) => {
        f['reaper.ini'] = f['reaper.ini']!.replace('csurfrate=15', 'csurf_2=MCU 0 1');
      },
      /^reaper\.ini line 8: csurf_2 is past csurf_cnt=2, so REAPER ignores it/,
    ],
    [
      'a NUL byte in reaper.ini',
      (f) => {
        f['reaper.ini'] = f['reaper.ini']!.replace('[WDL]', '[WDL]\u0000\u0000');
      },
      /^reaper\.ini line 36: the file holds a NUL byte/,
    ],
    [
      'a reaper-kb.ini quote that never closes',
      (f) => {
        f['reaper-kb.ini'] = f['reaper-kb.ini']!.replace(
          '"Custom: midi tool.lua"',
          '"Custom: midi tool.lua',
        );
      },
      /^reaper-kb\.ini line 3: a quote on this line never closes/,
    ],
    [
      'a half-removed startup block',
      (f) => {
        f['Scripts/__startup.lua'] +=
          '\n-- >>> tapeop bridge: started at REAPER launch (added by tapeop; "tapeop reaper uninstall" removes this block)\n';
      },
      /^Scripts\/__startup\.lua line 5: tapeop's startup block is incomplete/,
    ],
    [
      'an install record that is not JSON',
      (f) => {
        f['tapeop/install.json'] = '{"schema": "tapeop-reaper-install.1",\n  "files": {';
      },
      /^tapeop\/install\.json line 2: tapeop's install record is not valid JSON/,
    ],
  ];

  it.each(cases)('%s', async (_name, damage, message) => {
    const files = studioFiles();
    damage(files);
    folder = await makeResourceFolder(files);
    const before = await snapshotFolder(folder.dir);
    const error = await refused(installReaperBridge(folder.dir, { now: NOW }));
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message).toMatch(message);
    expect(error.hint).toBeTruthy();
    expect(await snapshotFolder(folder.dir)).toEqual(before);
    expect(await listFolders(folder.dir)).not.toContain('tapeop/backups');
  });

  it('refuses a damaged file on uninstall too, leaving everything in place', async () => {
    folder = await makeResourceFolder();
    await installReaperBridge(folder.dir, { now: NOW });
    await writeFile(join(folder.dir, 'reaper-kb.ini'), 'SCR 4 0 "broken\n');
    const before = await snapshotFolder(folder.dir);
    const error = await refused(uninstallReaperBridge(folder.dir, { now: LATER }));
    expect(error.message).toMatch(/^reaper-kb\.ini line 1: a quote on this line never closes/);
    expect(await snapshotFolder(folder.dir)).toEqual(before);
  });

  it('refuses a port another surface listens on, saying which', async () => {
    folder = await makeResourceFolder();
    const before = await snapshotFolder(folder.dir);
    const error = await refused(
      installReaperBridge(folder.dir, { now: NOW, osc: { listenPort: 8100 } }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      'reaper.ini line 7: port 8100 is already used by csurf_1 (OSC), so the OSC surface cannot listen there; nothing was changed',
    );
    expect(error.hint).toMatch(/osc: \{ listenPort \}/);
    expect(await snapshotFolder(folder.dir)).toEqual(before);
  });

  it('refuses a TAPEOP_BRIDGE registered for another script', async () => {
    const files = studioFiles();
    files['reaper-kb.ini'] += 'SCR 4 0 TAPEOP_BRIDGE "Custom: other.lua" other/bridge.lua\r\n';
    folder = await makeResourceFolder(files);
    const error = await refused(installReaperBridge(folder.dir, { now: NOW }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(
      /^reaper-kb\.ini line 6: TAPEOP_BRIDGE is already registered for other\/bridge\.lua/,
    );
  });
});

describe('defaultReaperResourcePath', () => {
  it('is where REAPER keeps its settings on each system', () => {
    expect(defaultReaperResourcePath('linux', {}, '/home/sam')).toBe('/home/sam/.config/REAPER');
    expect(defaultReaperResourcePath('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/sam')).toBe(
      '/cfg/REAPER',
    );
    expect(defaultReaperResourcePath('darwin', {}, '/Users/sam')).toBe(
      '/Users/sam/Library/Application Support/REAPER',
    );
    expect(
      defaultReaperResourcePath(
        'win32',
        { APPDATA: 'C:/Users/sam/AppData/Roaming' },
        'C:/Users/sam',
      ),
    ).toMatch(/C:\/Users\/sam\/AppData\/Roaming[\\/]REAPER$/);
  });
});
