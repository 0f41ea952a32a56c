import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TapeopError } from '@tapeop/core';
import { bridgeSource } from '../bridge/bridge-files.js';
import { child, element, type XmlElement } from '../xml/xml-node.js';
import { parseXml } from '../xml/xml-parse.js';
import { writeXml } from '../xml/xml-write.js';
import { formatActionState, parseActionState, slotStatements } from './action-state.js';

export const BRIDGE_ACTION_NAME = 'tapeop bridge';
const MAX_SLOTS = 32; // MAX_LUA_ACTION_SCRIPTS in Ardour 7
const RECORD = 'install.json';

/** Ardour 7's user config folder on this system (where ui_scripts and config live). */
export function defaultArdourConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Preferences', 'Ardour7');
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? homedir(), 'Ardour7');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ardour7');
}

interface InstallRecord {
  schema: 'tapeop-ardour-install.1';
  bridgeVersion: string;
  slot: number;
  installedAt: string;
  uiScripts: {
    /** Whether ui_scripts existed before the first install. */
    existed: boolean;
    /** The untouched original, when there was one. */
    backup?: string;
    /** sha256 of the file as tapeop last wrote it: unchanged since means "restore the backup". */
    written: string;
  };
}

export interface InstallResult {
  /** The action slot: OSC /access_action "LuaAction/script-<slot>" runs the bridge. */
  slot: number;
  /** Whether anything changed (false when the same bridge was already installed). */
  changed: boolean;
  uiScriptsFile: string;
  backup?: string;
}

export interface UninstallResult {
  removed: boolean;
  /** How ui_scripts was put back: the original bytes, or only tapeop's slot taken out. */
  restored: 'original' | 'slot-removed' | 'nothing';
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TapeopError('FILE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function writeAtomic(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.tapeop-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new TapeopError('IO_ERROR', `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function backupFile(configDir: string, file: string, data: Buffer): Promise<string> {
  const dir = join(configDir, 'tapeop', 'backups');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, `${file}.${stamp}.${randomBytes(2).toString('hex')}.bak`);
  await writeFile(path, data, { flag: 'wx' });
  return path;
}

const NAME_FIELD = /\["n"\]\s*=\s*("(?:[^"\\]|\\.)*"|\[(=*)\[\n?([\s\S]*?)\]\2\])/;

/** The name a slot's statements give it (undefined when it cannot be read). */
export function slotName(text: string): string | undefined {
  const match = NAME_FIELD.exec(text);
  if (!match) return undefined;
  if (match[3] !== undefined) return match[3];
  return match[1]!.slice(1, -1).replace(/\\(.)/g, '$1');
}

interface UiScripts {
  root: XmlElement;
  action: XmlElement;
  state: ReturnType<typeof parseActionState>;
}

function readUiScripts(path: string, data: Buffer | undefined): UiScripts {
  if (!data) {
    const action = element('ActionScript', { lua: 'Lua 5.3' });
    return {
      root: element('UIScripts', {}, [action, element('ActionHooks')]),
      action,
      state: { head: 'scripts = {} ', slots: [] },
    };
  }
  const root = parseXml(data.toString('utf8'), { source: path });
  if (root.name !== 'UIScripts') {
    throw new TapeopError(
      'PARSE_ERROR',
      `${path}: the root element is <${root.name}>, not <UIScripts>`,
      {
        hint: 'This is not an Ardour ui_scripts file; move it away and install again.',
      },
    );
  }
  let action = child(root, 'ActionScript');
  if (!action) {
    action = element('ActionScript', { lua: 'Lua 5.3' });
    root.children.unshift(action);
  }
  const text = Buffer.from((action.text ?? '').trim(), 'base64').toString('latin1');
  return { root, action, state: parseActionState(text === '' ? 'scripts = {} ' : text) };
}

function writeUiScripts(ui: UiScripts): string {
  // The state is bytes (Lua bytecode may be inside), kept as latin1 one byte per character.
  ui.action.text = Buffer.from(formatActionState(ui.state), 'latin1').toString('base64');
  return writeXml(ui.root);
}

/** The action's chunk: defines the bridge once, returns the function an action call runs. */
function factorySource(): string {
  return `local bridge = (function()
${bridgeSource()}
end)()
return function()
  local ok, err = pcall(bridge.poll, { session = Session, editor = Editor, config_dir = ARDOUR.user_config_directory(-1) })
  if not ok then print('tapeop bridge: ' .. tostring(err)) end
end
`;
}

const shownSource = () =>
  `-- tapeop bridge: answers tapeop's requests (see @tapeop/adapter-ardour). Installed by "tapeop ardour install";\n-- remove it with "tapeop ardour uninstall".\n${bridgeSource()}`;

function bridgeVersion(): string {
  return /VERSION\s*=\s*"([^"]+)"/.exec(bridgeSource())?.[1] ?? 'unknown';
}

/**
 * Installs the tapeop bridge as a Lua action script in an Ardour 7 user config folder (by
 * default the one Ardour itself uses), so that OSC /access_action "LuaAction/script-<slot>"
 * runs it. Every other action script, hook and byte of ui_scripts is kept; the original file
 * is backed up first; installing again changes nothing unless the bridge changed. Ardour reads
 * ui_scripts when it opens a session: restart Ardour (or reopen the session) after installing.
 */
export async function installArdourBridge(
  configDir = defaultArdourConfigDir(),
): Promise<InstallResult> {
  await mkdir(configDir, { recursive: true });
  const file = join(configDir, 'ui_scripts');
  const recordFile = join(configDir, 'tapeop', RECORD);
  const record = await readRecord(recordFile);
  const current = await readIfExists(file);
  const ui = readUiScripts(file, current);
  const source = shownSource();
  const factory = factorySource();

  const ours = ui.state.slots.filter((s) => slotName(s.text) === BRIDGE_ACTION_NAME);
  let slot = record?.slot ?? ours[0]?.slot;
  if (
    slot === undefined ||
    ui.state.slots.some((s) => s.slot === slot && slotName(s.text) !== BRIDGE_ACTION_NAME)
  ) {
    const used = new Set(ui.state.slots.map((s) => s.slot));
    slot = undefined;
    // From the top down: people fill their action buttons from the first slot.
    for (let n = MAX_SLOTS; n >= 1; n--) {
      if (!used.has(n)) {
        slot = n;
        break;
      }
    }
    if (slot === undefined) {
      throw new TapeopError('CONFLICT', `all ${MAX_SLOTS} Lua action slots in ${file} are taken`, {
        hint: 'Remove an action script in Ardour (Edit > Lua Scripts > Script Manager) and install again.',
      });
    }
  }
  const statements = slotStatements(slot, BRIDGE_ACTION_NAME, source, factory);
  const existing = ui.state.slots.find((s) => s.slot === slot);
  if (
    existing?.text === statements &&
    ours.length === 1 &&
    record &&
    current &&
    sha256(current) === record.uiScripts.written
  ) {
    return { slot, changed: false, uiScriptsFile: file };
  }
  ui.state.slots = ui.state.slots.filter(
    (s) => slotName(s.text) !== BRIDGE_ACTION_NAME && s.slot !== slot,
  );
  ui.state.slots.push({ slot, text: statements });
  const text = writeUiScripts(ui);

  let backup: string | undefined;
  if (current) backup = await backupFile(configDir, 'ui_scripts', current);
  await writeAtomic(file, text);
  const newRecord: InstallRecord = {
    schema: 'tapeop-ardour-install.1',
    bridgeVersion: bridgeVersion(),
    slot,
    installedAt: new Date().toISOString(),
    uiScripts: record
      ? { ...record.uiScripts, written: sha256(text) }
      : { existed: current !== undefined, ...(backup ? { backup } : {}), written: sha256(text) },
  };
  await mkdir(join(configDir, 'tapeop'), { recursive: true });
  await writeAtomic(recordFile, `${JSON.stringify(newRecord, null, 2)}\n`);
  return { slot, changed: true, uiScriptsFile: file, ...(backup ? { backup } : {}) };
}

async function readRecord(path: string): Promise<InstallRecord | undefined> {
  const data = await readIfExists(path);
  if (!data) return undefined;
  try {
    const record = JSON.parse(data.toString('utf8')) as InstallRecord;
    if (record.schema === 'tapeop-ardour-install.1' && Number.isInteger(record.slot)) return record;
  } catch {
    // a damaged record is as good as none: the slot is found by its name instead
  }
  return undefined;
}

/** The action slot of an installed bridge in `configDir`, if there is one. */
export async function installedBridgeSlot(
  configDir = defaultArdourConfigDir(),
): Promise<number | undefined> {
  const record = await readRecord(join(configDir, 'tapeop', RECORD));
  if (record) return record.slot;
  const data = await readIfExists(join(configDir, 'ui_scripts'));
  if (!data) return undefined;
  try {
    const ui = readUiScripts(join(configDir, 'ui_scripts'), data);
    return ui.state.slots.find((s) => slotName(s.text) === BRIDGE_ACTION_NAME)?.slot;
  } catch {
    return undefined;
  }
}

/**
 * Removes the bridge. When ui_scripts is still exactly as tapeop left it, the original file is
 * put back byte for byte (or removed, if there was none); when Ardour or the user changed it
 * since, only tapeop's slot is taken out, after a backup of the current file.
 */
export async function uninstallArdourBridge(
  configDir = defaultArdourConfigDir(),
): Promise<UninstallResult> {
  const file = join(configDir, 'ui_scripts');
  const recordFile = join(configDir, 'tapeop', RECORD);
  const record = await readRecord(recordFile);
  const current = await readIfExists(file);
  let restored: UninstallResult['restored'] = 'nothing';
  if (current && record && sha256(current) === record.uiScripts.written) {
    if (record.uiScripts.existed && record.uiScripts.backup) {
      const original = await readIfExists(record.uiScripts.backup);
      if (!original) {
        throw new TapeopError(
          'FILE_NOT_FOUND',
          `the backup ${record.uiScripts.backup} of ui_scripts is gone`,
          {
            hint: 'Nothing was changed. Remove the "tapeop bridge" action in Ardour\'s Script Manager by hand.',
          },
        );
      }
      await writeAtomic(file, original);
    } else {
      await rm(file, { force: true });
    }
    restored = 'original';
  } else if (current) {
    const ui = readUiScripts(file, current);
    const kept = ui.state.slots.filter((s) => slotName(s.text) !== BRIDGE_ACTION_NAME);
    if (kept.length !== ui.state.slots.length) {
      await backupFile(configDir, 'ui_scripts', current);
      ui.state.slots = kept;
      await writeAtomic(file, writeUiScripts(ui));
      restored = 'slot-removed';
    }
  }
  await rm(recordFile, { force: true });
  await rm(join(configDir, 'tapeop', 'mailbox'), { recursive: true, force: true });
  return { removed: restored !== 'nothing', restored };
}
