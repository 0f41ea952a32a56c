import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLua, runLuaBytes, SAVE_ACTION_STATE } from '../../test/support/lua.js';
import { child } from '../xml/xml-node.js';
import { parseXml } from '../xml/xml-parse.js';
import { parseActionState } from './action-state.js';
import {
  BRIDGE_ACTION_NAME,
  installArdourBridge,
  installedBridgeSlot,
  slotName,
  uninstallArdourBridge,
} from './install.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tapeop-ardour-install-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

// Two action scripts a user set up in Ardour, saved the way Ardour saves them. The second one's
// source holds text that looks like slot statements and long-bracket ends, to trip up a naive reader.
const USER_SCRIPTS = `${SAVE_ACTION_STATE}
local scripts = {
  [1] = { n = 'Mixer Screenshot', s = 'ardour { ["type"] = "EditorAction", name = "Mixer Screenshot" }', f = 'return function() print("shot") end' },
  [2] = { n = 'My "quoted" \\\\ tool', s = 'local x = "scripts[5] = {}" -- ]] ]=] \\0 é', f = 'return function() local t = {} t[1] = "]==]" end' },
}
io.write(save_action_state(scripts))
`;

const HOOKS = `  <ActionHooks>
    <LuaCallback lua="Lua 5.3" id="4242" name="Periodic Backup" signals="00000000000000000000000000000000000000000000000000000000001">c2NyaXB0cyA9IHt9IA==</LuaCallback>
  </ActionHooks>`;

async function fakeConfig(name: string, uiScripts?: string | Buffer): Promise<string> {
  const dir = join(root, name, 'ardour7');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'config'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<Ardour>\n  <Config>\n    <Option name="osc-port" value="3819"/>\n  </Config>\n</Ardour>\n',
  );
  await writeFile(join(dir, 'recent'), '/home/me/Sessions/Album\nAlbum\n');
  if (uiScripts !== undefined) await writeFile(join(dir, 'ui_scripts'), uiScripts);
  return dir;
}

async function realisticUiScripts(): Promise<Buffer> {
  const state = await runLuaBytes(USER_SCRIPTS);
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<UIScripts>\n  <ActionScript lua="Lua 5.3">${state.toString('base64')}</ActionScript>\n${HOOKS}\n</UIScripts>\n`,
  );
}

const decodedState = (file: Buffer) => {
  const root = parseXml(file.toString('utf8'));
  return Buffer.from(child(root, 'ActionScript')!.text!.trim(), 'base64');
};

describe('installArdourBridge and uninstallArdourBridge', () => {
  it("installs into a free slot, keeps the user's scripts and hooks, and restores the file byte for byte", async () => {
    const original = await realisticUiScripts();
    const dir = await fakeConfig('existing', original);
    const result = await installArdourBridge(dir);
    expect(result).toMatchObject({ slot: 32, changed: true });
    expect(await readFile(result.backup!)).toEqual(original);
    expect(await installedBridgeSlot(dir)).toBe(32);

    const installed = await readFile(join(dir, 'ui_scripts'));
    const before = parseActionState(decodedState(original).toString('latin1'));
    const after = parseActionState(decodedState(installed).toString('latin1'));
    expect(after.slots.slice(0, 2)).toEqual(before.slots);
    expect(slotName(after.slots[2]!.text)).toBe(BRIDGE_ACTION_NAME);
    const hooks = child(parseXml(installed.toString('utf8')), 'ActionHooks')!;
    expect(hooks.children[0]).toMatchObject({ name: 'LuaCallback', text: 'c2NyaXB0cyA9IHt9IA==' });
    expect(hooks.children[0]!.attributes).toContainEqual(['name', 'Periodic Backup']);

    // Lua itself reads the state back: the user's two scripts and the bridge, whose factory
    // compiles and defines the bridge without touching Ardour.
    const out = await runLua(
      `local f = io.open('state.lua', 'rb') local state = f:read('a') f:close()
       load(state)()
       local slots = {} for k in pairs(scripts) do slots[#slots + 1] = k end table.sort(slots)
       print(table.concat(slots, ','), scripts[1].n, scripts[2].n, scripts[32].n)
       assert(load(scripts[1].f)) assert(load(scripts[2].f))
       local action = assert(load(scripts[32].f))()
       print(type(action))`,
      { 'state.lua': decodedState(installed) },
    );
    expect(out.trim().split('\n')).toEqual([
      `1,2,32\tMixer Screenshot\tMy "quoted" \\ tool\t${BRIDGE_ACTION_NAME}`,
      'function',
    ]);

    const again = await installArdourBridge(dir);
    expect(again).toMatchObject({ slot: 32, changed: false });
    expect(await readFile(join(dir, 'ui_scripts'))).toEqual(installed);

    expect(await uninstallArdourBridge(dir)).toEqual({ removed: true, restored: 'original' });
    expect(await readFile(join(dir, 'ui_scripts'))).toEqual(original);
    expect(await installedBridgeSlot(dir)).toBeUndefined();
    expect((await readdir(dir)).sort()).toEqual(['config', 'recent', 'tapeop', 'ui_scripts']);
  });

  it('creates ui_scripts when there is none, and uninstalling removes it again', async () => {
    const dir = await fakeConfig('fresh');
    expect(await installArdourBridge(dir)).toMatchObject({ slot: 32, changed: true });
    expect(await uninstallArdourBridge(dir)).toEqual({ removed: true, restored: 'original' });
    expect((await readdir(dir)).includes('ui_scripts')).toBe(false);
  });

  it('takes only its own slot out when Ardour saved the file since, keeping what the user added', async () => {
    const dir = await fakeConfig('changed', await realisticUiScripts());
    await installArdourBridge(dir);
    // Ardour saves every action script again when the user adds one (ScriptManager.save).
    const resaved = await runLuaBytes(
      `${SAVE_ACTION_STATE}
       local f = io.open('state.lua', 'rb') local state = f:read('a') f:close()
       load(state)()
       local all = {}
       for i, s in pairs(scripts) do all[i] = { n = s.n, s = s.s, f = 'return function() end' } end
       all[3] = { n = 'Added later', s = '-- new', f = 'return function() end' }
       io.write(save_action_state(all))`,
      { 'state.lua': decodedState(await readFile(join(dir, 'ui_scripts'))) },
    );
    const file = `<?xml version="1.0" encoding="UTF-8"?>\n<UIScripts>\n  <ActionScript lua="Lua 5.3">${resaved.toString('base64')}</ActionScript>\n${HOOKS}\n</UIScripts>\n`;
    await writeFile(join(dir, 'ui_scripts'), file);

    expect(await uninstallArdourBridge(dir)).toEqual({ removed: true, restored: 'slot-removed' });
    const state = parseActionState(
      decodedState(await readFile(join(dir, 'ui_scripts'))).toString('latin1'),
    );
    expect(state.slots.map((s) => [s.slot, slotName(s.text)])).toEqual([
      [1, 'Mixer Screenshot'],
      [2, 'My "quoted" \\ tool'],
      [3, 'Added later'],
    ]);
    const backups = await readdir(join(dir, 'tapeop', 'backups'));
    expect(backups.length).toBe(2);
    expect(backups.some((b) => b.startsWith('ui_scripts.'))).toBe(true);
  });

  it('refuses, and changes nothing, when every slot is taken or the file is not ui_scripts', async () => {
    const full = await runLuaBytes(`${SAVE_ACTION_STATE}
      local all = {} for i = 1, 32 do all[i] = { n = 'S' .. i, s = '', f = 'return function() end' } end
      io.write(save_action_state(all))`);
    const fullFile = `<?xml version="1.0"?>\n<UIScripts><ActionScript lua="Lua 5.3">${full.toString('base64')}</ActionScript><ActionHooks/></UIScripts>\n`;
    const dir = await fakeConfig('full', fullFile);
    await expect(installArdourBridge(dir)).rejects.toSatisfy((e) => isTapeopError(e, 'CONFLICT'));
    expect(await readFile(join(dir, 'ui_scripts'), 'utf8')).toBe(fullFile);

    const odd = await fakeConfig('odd', '<Ardour><Config/></Ardour>\n');
    await expect(installArdourBridge(odd)).rejects.toThrow(/not <UIScripts>/);
    const garbage = await fakeConfig('garbage', 'not xml at all');
    await expect(installArdourBridge(garbage)).rejects.toSatisfy((e) =>
      isTapeopError(e, 'PARSE_ERROR'),
    );
    expect(await readFile(join(garbage, 'ui_scripts'), 'utf8')).toBe('not xml at all');
  });

  it('uninstalls nothing where nothing was installed', async () => {
    const dir = await fakeConfig('never', await realisticUiScripts());
    const before = await readFile(join(dir, 'ui_scripts'));
    expect(await uninstallArdourBridge(dir)).toEqual({ removed: false, restored: 'nothing' });
    expect(await readFile(join(dir, 'ui_scripts'))).toEqual(before);
  });
});
