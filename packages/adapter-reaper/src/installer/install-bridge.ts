import { mkdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { EOL, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TapeopError } from '@tapeop/core';
import {
  adapterPackageRoot,
  BRIDGE_ACTION_DESCRIPTION,
  BRIDGE_ACTION_NAME,
  BRIDGE_COMMAND_ID,
  BRIDGE_FILE_NAME,
  bridgeScriptPath,
} from '../bridge/bridge-script.js';
import { ioError, writeFileAtomic } from '../files/atomic-write.js';
import { quoteRppValue } from '../rpp/rpp-line.js';
import {
  BACKUP_FOLDER,
  type FileRecord,
  type InstallRecord,
  RECORD_FILE,
  RECORD_SCHEMA,
  readInstallRecord,
} from './install-record.js';
import { addSurfaces, checkText, readSurfaces, removeSurfaces } from './reaper-ini.js';
import { appendLine, readScriptRegistrations, removeRegistrations } from './reaper-kb.js';
import { addStartupBlock, readStartup, removeStartupBlock } from './startup-script.js';
import { joinLines, lineEnding, splitLines, type TextLine } from './text-lines.js';

/** The name of tapeop's OSC pattern file (OSC/tapeop.ReaperOSC) and of its surface. */
export const OSC_PATTERN_NAME = 'tapeop';

const FILES = {
  script: `Scripts/${BRIDGE_FILE_NAME}`,
  pattern: `OSC/${OSC_PATTERN_NAME}.ReaperOSC`,
  kb: 'reaper-kb.ini',
  startup: 'Scripts/__startup.lua',
  ini: 'reaper.ini',
} as const;

export interface InstallReaperBridgeOptions {
  /** REAPER's web interface: the port to add it on when there is none (default 8080), or false. */
  web?: false | { port?: number };
  /**
   * An OSC surface with tapeop's pattern file: REAPER listens on `listenPort` (8000) and sends
   * feedback to `deviceHost`:`devicePort` (127.0.0.1:9000); or false.
   */
  osc?: false | { listenPort?: number; deviceHost?: string; devicePort?: number };
  /** Start the bridge with REAPER from Scripts/__startup.lua (default true). */
  startup?: boolean;
  /** The bridge script to copy (default: the one shipped with this package). */
  bridgeScript?: string;
  /** The OSC pattern file to copy (default: the one shipped with this package). */
  oscPatternFile?: string;
  /** Work out and report every change without writing anything. */
  dryRun?: boolean;
  /** Line ending of files the installer creates (default: the system's). */
  eol?: '\n' | '\r\n';
  /** The time of the run, for the backup folder's name and the record (default now). */
  now?: Date;
}

export interface InstallFileChange {
  /** The file, relative to the resource folder. */
  file: string;
  action: 'created' | 'updated' | 'deleted' | 'restored';
  /** Where the file was backed up before it was touched (relative to the resource folder). */
  backup?: string;
  /** What changed, one plain sentence each. */
  changes: string[];
}

export interface ReaperBridgeInstallResult {
  resourcePath: string;
  dryRun: boolean;
  /** False when everything was already as asked (a second install, an uninstall with nothing to do). */
  changed: boolean;
  files: InstallFileChange[];
  /** This run's backup folder, when it backed anything up. */
  backupFolder?: string;
  /** The command id REAPER gives the bridge (`/_/_TAPEOP_BRIDGE` over the web interface). */
  commandId: string;
  /** The web interface tapeop connects to, and whether this run added it. */
  webInterface?: { port?: number; added: boolean };
  osc?: { listenPort?: number; deviceHost?: string; devicePort?: number; added: boolean };
  /** What the user should know or do next. */
  notes: string[];
}

/**
 * The resource folder of a standard REAPER install on this system (portable installs keep it
 * next to REAPER itself): %APPDATA%\REAPER, ~/Library/Application Support/REAPER,
 * $XDG_CONFIG_HOME/REAPER (~/.config/REAPER). REAPER shows it under Options > Show REAPER
 * resource path.
 */
export function defaultReaperResourcePath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'REAPER');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'REAPER');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'REAPER');
}

/** The reaper-kb.ini line that registers the bridge (command id _TAPEOP_BRIDGE). */
export function bridgeRegistrationLine(): string {
  return ['SCR', '4', '0', BRIDGE_ACTION_NAME, BRIDGE_ACTION_DESCRIPTION, BRIDGE_FILE_NAME]
    .map((token) => quoteRppValue(token))
    .join(' ');
}

/**
 * Installs tapeop's bridge into a REAPER resource folder (REAPER closed): copies the script into
 * Scripts/, registers it in reaper-kb.ini (command id _TAPEOP_BRIDGE), starts it from
 * Scripts/__startup.lua, and adds the web interface and an OSC surface with tapeop's pattern
 * file to reaper.ini when they are missing.
 *
 * Safe to run again (a second install changes nothing); every file is read and checked before
 * any is written, and one that cannot be read with certainty is refused with its line
 * (PARSE_ERROR) with nothing written; each file touched is first copied into a timestamped
 * backup folder (<resource>/tapeop/backups/), then replaced atomically; lines are only added,
 * never removed or reordered (csurf_cnt is raised in place); and what was added is recorded in
 * <resource>/tapeop/install.json, so `uninstallReaperBridge` removes exactly that.
 */
export async function installReaperBridge(
  resourcePath: string,
  options: InstallReaperBridgeOptions = {},
): Promise<ReaperBridgeInstallResult> {
  const now = options.now ?? new Date();
  const folder = await ResourceFolder.open(await checkResourceFolder(resourcePath), now);
  const previous = await readInstallRecord(folder.root);
  const record: InstallRecord = previous
    ? { ...previous, files: { ...previous.files }, createdFolders: [...previous.createdFolders] }
    : {
        schema: RECORD_SCHEMA,
        installedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        files: {},
        createdFolders: [],
      };
  const eolForNew = options.eol ?? (EOL === '\r\n' ? '\r\n' : '\n');
  const result: ReaperBridgeInstallResult = {
    resourcePath: folder.root,
    dryRun: options.dryRun ?? false,
    changed: false,
    files: [],
    commandId: BRIDGE_COMMAND_ID,
    notes: [],
  };

  // 1. Read everything and work out every change; nothing is written before all is known.
  const script = await readSourceFile(options.bridgeScript ?? bridgeScriptPath(), 'bridge script');
  await folder.plan(FILES.script, script, `copied ${BRIDGE_FILE_NAME} (the bridge)`, record);

  const osc =
    options.osc === false
      ? undefined
      : { listenPort: 8000, deviceHost: '127.0.0.1', devicePort: 9000, ...options.osc };
  if (osc) {
    const pattern = await readSourceFile(
      options.oscPatternFile ?? join(adapterPackageRoot(), 'osc', `${OSC_PATTERN_NAME}.ReaperOSC`),
      'OSC pattern file',
    );
    await folder.plan(FILES.pattern, pattern, "copied tapeop's OSC pattern file", record);
  }

  const kb = await folder.lines(FILES.kb);
  const registered = readScriptRegistrations(kb.lines, FILES.kb).filter(
    (s) => s.name === BRIDGE_ACTION_NAME && s.section === '0',
  );
  for (const script of registered) {
    const path = script.path.replaceAll('\\', '/');
    const ours =
      path === BRIDGE_FILE_NAME ||
      resolve(folder.root, 'Scripts', script.path) === folder.path(FILES.script);
    if (!ours) {
      throw new TapeopError(
        'CONFLICT',
        `${FILES.kb} line ${script.line + 1}: ${BRIDGE_ACTION_NAME} is already registered for ${script.path}, not for Scripts/${BRIDGE_FILE_NAME}; nothing was changed`,
        {
          details: { file: FILES.kb, line: script.line + 1, path: script.path },
          hint: `Remove that line (REAPER closed) or point it at ${BRIDGE_FILE_NAME}, then run the installer again.`,
        },
      );
    }
  }
  if (registered.length === 0) {
    appendLine(kb.lines, bridgeRegistrationLine(), lineEnding(kb.lines, eolForNew));
    kb.changes.push(`registered the bridge as ${BRIDGE_COMMAND_ID}`);
    if (!record.files[FILES.kb]) {
      record.files[FILES.kb] = {
        kind: 'reaper-kb',
        name: BRIDGE_ACTION_NAME,
        createdFile: kb.missing,
      };
    }
  }
  folder.planLines(kb);

  if (options.startup !== false) {
    const startup = await folder.lines(FILES.startup);
    const state = readStartup(startup.lines, FILES.startup, BRIDGE_COMMAND_ID);
    if (!state.block && state.startsElsewhere === undefined) {
      addStartupBlock(startup.lines, BRIDGE_COMMAND_ID, lineEnding(startup.lines, eolForNew));
      startup.changes.push('starts the bridge when REAPER starts');
      if (!record.files[FILES.startup]) {
        record.files[FILES.startup] = { kind: 'startup', createdFile: startup.missing };
      }
    } else if (state.startsElsewhere !== undefined && !state.block) {
      result.notes.push(
        `${FILES.startup} line ${state.startsElsewhere + 1} already starts ${BRIDGE_COMMAND_ID}; left as it is`,
      );
    }
    folder.planLines(startup);
  }

  const ini = await folder.lines(FILES.ini);
  checkText(joinLines(ini.lines), FILES.ini);
  const surfaces = readSurfaces(ini.lines, FILES.ini).surfaces.filter((s) => s.active);
  const added: string[] = [];
  const ports = new Map(surfaces.flatMap((s) => (s.port === undefined ? [] : [[s.port, s]])));
  const claim = (port: number, what: string, option: string) => {
    const taken = ports.get(port);
    if (taken) {
      throw new TapeopError(
        'CONFLICT',
        `${FILES.ini} line ${taken.line + 1}: port ${port} is already used by csurf_${taken.number} (${taken.type}), so ${what} cannot listen there; nothing was changed`,
        {
          details: { file: FILES.ini, line: taken.line + 1, port },
          hint: `Choose another port (${option}), then run the installer again.`,
        },
      );
    }
  };
  if (options.web !== false) {
    const web = surfaces.find((s) => s.type === 'HTTP');
    if (web) {
      result.webInterface = { ...(web.port === undefined ? {} : { port: web.port }), added: false };
    } else {
      const port = options.web?.port ?? 8080;
      claim(port, "REAPER's web interface", 'web: { port }');
      added.push(`HTTP 0 ${port} '' 'index.html' 0 ''`);
      ini.changes.push(`enabled REAPER's web interface on port ${port}`);
      result.webInterface = { port, added: true };
    }
  }
  if (osc) {
    const mine = surfaces.find(
      (s) => s.type === 'OSC' && s.tokens[8]?.toLowerCase() === OSC_PATTERN_NAME,
    );
    if (mine) {
      result.osc = {
        ...(mine.port === undefined ? {} : { listenPort: mine.port }),
        ...(mine.tokens[4] ? { deviceHost: mine.tokens[4] } : {}),
        ...(/^\d+$/.test(mine.tokens[5] ?? '') ? { devicePort: Number(mine.tokens[5]) } : {}),
        added: false,
      };
    } else {
      claim(osc.listenPort, 'the OSC surface', 'osc: { listenPort }');
      added.push(
        [
          'OSC',
          OSC_PATTERN_NAME,
          '3',
          String(osc.listenPort),
          osc.deviceHost,
          String(osc.devicePort),
          '1024',
          '10',
          OSC_PATTERN_NAME,
        ]
          .map((t, i) => (i === 1 || i === 4 || i === 8 ? `"${t}"` : t))
          .join(' '),
      );
      ini.changes.push(
        `added an OSC surface: REAPER listens on ${osc.listenPort} and sends feedback to ${osc.deviceHost}:${osc.devicePort}`,
      );
      result.osc = { ...osc, added: true };
    }
  }
  if (added.length > 0) {
    const eol = lineEnding(ini.lines, eolForNew);
    const { countAdded, sectionAdded } = addSurfaces(ini.lines, added, eol, FILES.ini);
    const existing = record.files[FILES.ini];
    record.files[FILES.ini] =
      existing?.kind === 'reaper-ini'
        ? {
            ...existing,
            surfaces: [...existing.surfaces.filter((s) => !added.includes(s)), ...added],
          }
        : {
            kind: 'reaper-ini',
            surfaces: added,
            countAdded,
            sectionAdded,
            createdFile: ini.missing,
          };
  }
  folder.planLines(ini);

  // 2. Write: backups, then the record, then each file.
  const changes = folder.changes();
  result.changed = changes.length > 0;
  if (result.changed) {
    record.updatedAt = now.toISOString();
    for (const rel of await folder.foldersToCreate()) {
      if (!record.createdFolders.includes(rel)) record.createdFolders.push(rel);
    }
    result.notes.unshift(
      'Quit REAPER before installing, or install again after quitting it: REAPER rewrites reaper.ini and reaper-kb.ini when it quits, which would undo these changes.',
      `Start REAPER: the bridge starts with it (or run the action "${BRIDGE_ACTION_DESCRIPTION}").`,
    );
  }
  if (result.webInterface?.added) {
    result.notes.push(
      `REAPER's web interface listens on port ${result.webInterface.port} of every network interface of this machine: on a shared network, set a username and password for it in Options > Preferences > Control/OSC/web and give them to tapeop.`,
    );
  }
  await folder.commit(result, changes, record);
  return result;
}

/**
 * Removes what `installReaperBridge` added, and only that: the surfaces it added to reaper.ini
 * (the ones after them move down a number, csurf_cnt goes back), its line in reaper-kb.ini, its
 * block in Scripts/__startup.lua, the files it copied (a file it had replaced is restored), files
 * and folders it created when nothing else is in them. After install → uninstall with nothing
 * else changed, every file is byte for byte what it was. Each file touched is backed up first;
 * the backups stay in <resource>/tapeop/backups/.
 */
export async function uninstallReaperBridge(
  resourcePath: string,
  options: Pick<InstallReaperBridgeOptions, 'dryRun' | 'now'> = {},
): Promise<ReaperBridgeInstallResult> {
  const now = options.now ?? new Date();
  const folder = await ResourceFolder.open(await checkResourceFolder(resourcePath), now);
  const result: ReaperBridgeInstallResult = {
    resourcePath: folder.root,
    dryRun: options.dryRun ?? false,
    changed: false,
    files: [],
    commandId: BRIDGE_COMMAND_ID,
    notes: [],
  };
  const record = await readInstallRecord(folder.root);
  if (!record) {
    result.notes.push(
      `Nothing to uninstall: there is no install record (${RECORD_FILE}) in ${folder.root}. tapeop removes only what its installer recorded adding.`,
    );
    return result;
  }
  for (const [rel, entry] of Object.entries(record.files)) {
    await undo(folder, rel, entry, result);
  }
  const changes = folder.changes();
  result.changed = true;
  await folder.commit(result, changes, undefined, record.createdFolders);
  return result;
}

async function undo(
  folder: ResourceFolder,
  rel: string,
  entry: FileRecord,
  result: ReaperBridgeInstallResult,
): Promise<void> {
  if (entry.kind === 'copied') {
    if (entry.original) {
      const original = await readFile(folder.path(entry.original)).catch(() => undefined);
      if (original) {
        await folder.plan(
          rel,
          original,
          'restored the file that was there before tapeop',
          undefined,
          'restored',
        );
        return;
      }
      result.notes.push(
        `${rel}: the backup of the file tapeop replaced (${entry.original}) is gone, so ${rel} is left in place`,
      );
      return;
    }
    await folder.planDelete(rel, 'removed (tapeop had copied it in)');
    return;
  }
  const file = await folder.lines(rel);
  if (file.missing) return;
  if (entry.kind === 'reaper-kb') {
    const removed = removeRegistrations(file.lines, entry.name, rel);
    if (removed > 0) file.changes.push(`removed the registration of _${entry.name}`);
  } else if (entry.kind === 'startup') {
    if (removeStartupBlock(file.lines, rel, BRIDGE_COMMAND_ID)) {
      file.changes.push("removed tapeop's startup block");
    }
  } else {
    const removed = removeSurfaces(file.lines, entry.surfaces, rel, entry);
    for (const value of entry.surfaces.filter((v) => !removed.includes(v))) {
      result.notes.push(
        `${rel}: the control surface tapeop added (${value}) was changed or removed since (in REAPER's preferences?); whatever is there now is left alone`,
      );
    }
    if (removed.length > 0)
      file.changes.push(`removed the control surface${removed.length > 1 ? 's' : ''} tapeop added`);
  }
  if (entry.createdFile && file.lines.every((l) => l.text.trim() === '')) {
    await folder.planDelete(rel, 'removed (tapeop had created it)');
    return;
  }
  folder.planLines(file);
}

async function checkResourceFolder(resourcePath: string): Promise<string> {
  const root = resolve(resourcePath);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new TapeopError(
      'FILE_NOT_FOUND',
      `${root} is not a folder: it is not REAPER's resource folder`,
      {
        details: { resourcePath: root },
        hint: `In REAPER, Options > Show REAPER resource path opens it (usually ${defaultReaperResourcePath()}). Start REAPER once if it has never run.`,
      },
    );
  }
  return root;
}

async function readSourceFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new TapeopError(
      'FILE_NOT_FOUND',
      `the ${what} ${path} cannot be read: ${(error as Error).message}`,
      {
        details: { file: path },
        hint: 'Reinstall @tapeop/adapter-reaper, or pass the file with the installer options.',
        cause: error,
      },
    );
  }
}

interface PlannedFile {
  rel: string;
  before: Buffer | undefined;
  after: Buffer | undefined;
  action: InstallFileChange['action'];
  changes: string[];
}

interface LineFile {
  rel: string;
  missing: boolean;
  original: string;
  lines: TextLine[];
  changes: string[];
}

/** The files of one resource folder, read once, changed in memory, written at the end. */
class ResourceFolder {
  private readonly planned = new Map<string, PlannedFile>();
  private readonly current = new Map<string, Buffer | undefined>();
  private constructor(
    readonly root: string,
    /** This run's backup folder, relative to the root. */
    readonly backupFolder: string,
  ) {}

  static async open(root: string, now: Date): Promise<ResourceFolder> {
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    for (let n = 1; ; n++) {
      const rel = `${BACKUP_FOLDER}/${stamp}${n === 1 ? '' : `-${n}`}`;
      const taken = await stat(join(root, ...rel.split('/'))).catch(() => undefined);
      if (!taken) return new ResourceFolder(root, rel);
    }
  }

  path(rel: string): string {
    return join(this.root, ...rel.split('/'));
  }

  async read(rel: string): Promise<Buffer | undefined> {
    if (!this.current.has(rel)) {
      const path = this.path(rel);
      const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw ioError(error, path, 'read');
      });
      this.current.set(rel, bytes);
    }
    return this.current.get(rel);
  }

  /**
   * A copied file, replaced when its bytes differ. The first install records it; when it
   * replaced a file of the user's, the record points at that file's backup, for uninstall.
   */
  async plan(
    rel: string,
    content: Buffer,
    change: string,
    record: InstallRecord | undefined,
    action?: InstallFileChange['action'],
  ): Promise<void> {
    const before = await this.read(rel);
    if (before?.equals(content)) return;
    this.planned.set(rel, {
      rel,
      before,
      after: content,
      action: action ?? (before === undefined ? 'created' : 'updated'),
      changes: [change],
    });
    if (record && !record.files[rel]) {
      record.files[rel] =
        before === undefined
          ? { kind: 'copied' }
          : { kind: 'copied', original: `${this.backupFolder}/${rel}` };
    }
  }

  async planDelete(rel: string, change: string): Promise<void> {
    const before = await this.read(rel);
    if (before === undefined) return;
    this.planned.set(rel, { rel, before, after: undefined, action: 'deleted', changes: [change] });
  }

  async lines(rel: string): Promise<LineFile> {
    const bytes = await this.read(rel);
    const original = bytes?.toString('latin1') ?? '';
    return {
      rel,
      missing: bytes === undefined,
      original,
      lines: splitLines(original),
      changes: [],
    };
  }

  planLines(file: LineFile): void {
    const text = joinLines(file.lines);
    if (!file.missing && text === file.original) return;
    if (file.missing && file.changes.length === 0) return;
    this.planned.set(file.rel, {
      rel: file.rel,
      before: file.missing ? undefined : Buffer.from(file.original, 'latin1'),
      after: Buffer.from(text, 'latin1'),
      action: file.missing ? 'created' : 'updated',
      changes: file.changes,
    });
  }

  changes(): PlannedFile[] {
    return [...this.planned.values()];
  }

  /** Folders the writes have to create (Scripts/ and OSC/ on a fresh REAPER). */
  async foldersToCreate(): Promise<string[]> {
    const folders = new Set(
      this.changes()
        .filter((c) => c.after !== undefined)
        .map((c) => dirname(c.rel))
        .filter((rel) => rel !== '.'),
    );
    const missing: string[] = [];
    for (const rel of folders) {
      if (!(await stat(this.path(rel)).catch(() => undefined))) missing.push(rel);
    }
    return missing;
  }

  /**
   * Backs up every existing file that changes, writes the record (install) or removes it
   * (uninstall, last), and writes each file atomically.
   */
  async commit(
    result: ReaperBridgeInstallResult,
    changes: PlannedFile[],
    record: InstallRecord | undefined,
    foldersToRemove: string[] = [],
  ): Promise<void> {
    for (const change of changes) {
      const entry: InstallFileChange = {
        file: change.rel,
        action: change.action,
        changes: change.changes,
      };
      if (change.before !== undefined) entry.backup = `${this.backupFolder}/${change.rel}`;
      result.files.push(entry);
    }
    if (changes.some((c) => c.before !== undefined)) result.backupFolder = this.backupFolder;
    if (result.dryRun) return;
    // Backups first: a file is only touched once its copy is safe on disk.
    for (const change of changes) {
      if (change.before === undefined) continue;
      const backup = this.path(`${this.backupFolder}/${change.rel}`);
      await mkdir(dirname(backup), { recursive: true });
      await writeFileAtomic(backup, change.before);
    }
    if (record && changes.length > 0) {
      await mkdir(dirname(this.path(RECORD_FILE)), { recursive: true });
      await writeFileAtomic(this.path(RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
    }
    for (const change of changes) {
      const path = this.path(change.rel);
      if (change.after === undefined) {
        await rm(path, { force: true }).catch((error) => {
          throw ioError(error, path, 'written');
        });
      } else {
        await mkdir(dirname(path), { recursive: true });
        await writeFileAtomic(path, change.after);
      }
    }
    if (!record) {
      for (const rel of [...foldersToRemove].reverse()) {
        // only when empty: the user's own scripts and pattern files stay
        await rmdir(this.path(rel)).catch(() => undefined);
      }
      await rm(this.path(RECORD_FILE), { force: true });
      // tapeop's own folder goes too when nothing is left in it (backups and the bridge's
      // mailbox stay, and keep it)
      for (const rel of [BACKUP_FOLDER, dirname(RECORD_FILE)]) {
        await rmdir(this.path(rel)).catch(() => undefined);
      }
    }
  }
}
