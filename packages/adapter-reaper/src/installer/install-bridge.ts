import { readFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import { join, resolve } from 'node:path';
import { TapeopError } from '@tapeop/core';
import {
  adapterPackageRoot,
  BRIDGE_ACTION_DESCRIPTION,
  BRIDGE_ACTION_NAME,
  BRIDGE_COMMAND_ID,
  BRIDGE_FILE_NAME,
  bridgeScriptPath,
} from '../bridge/bridge-script.js';
import { quoteRppValue } from '../rpp/rpp-line.js';
import { type InstallRecord, RECORD_SCHEMA, readInstallRecord } from './install-record.js';
import {
  emptyResult,
  type InstallReaperBridgeOptions,
  type ReaperBridgeInstallResult,
} from './install-result.js';
import { addSurfaces, checkText, readSurfaces } from './reaper-ini.js';
import { appendLine, readScriptRegistrations } from './reaper-kb.js';
import { checkResourceFolder, ResourceFolder } from './resource-folder.js';
import { addStartupBlock, readStartup } from './startup-script.js';
import { joinLines, lineEnding } from './text-lines.js';

/** The name of tapeop's OSC pattern file (OSC/tapeop.ReaperOSC) and of its surface. */
export const OSC_PATTERN_NAME = 'tapeop';

/** The files the installer touches, relative to the resource folder. */
export const INSTALLED_FILES = {
  script: `Scripts/${BRIDGE_FILE_NAME}`,
  pattern: `OSC/${OSC_PATTERN_NAME}.ReaperOSC`,
  kb: 'reaper-kb.ini',
  startup: 'Scripts/__startup.lua',
  ini: 'reaper.ini',
} as const;

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
  const result = emptyResult(folder.root, options.dryRun ?? false);
  const run: InstallRun = {
    folder,
    record,
    result,
    eol: options.eol ?? (EOL === '\r\n' ? '\r\n' : '\n'),
  };

  // 1. Read everything and work out every change; nothing is written before all is known.
  const script = await readSourceFile(options.bridgeScript ?? bridgeScriptPath(), 'bridge script');
  await folder.plan(
    INSTALLED_FILES.script,
    script,
    `copied ${BRIDGE_FILE_NAME} (the bridge)`,
    record,
  );

  const osc =
    options.osc === false
      ? undefined
      : { listenPort: 8000, deviceHost: '127.0.0.1', devicePort: 9000, ...options.osc };
  if (osc) {
    const pattern = await readSourceFile(
      options.oscPatternFile ?? join(adapterPackageRoot(), 'osc', `${OSC_PATTERN_NAME}.ReaperOSC`),
      'OSC pattern file',
    );
    await folder.plan(INSTALLED_FILES.pattern, pattern, "copied tapeop's OSC pattern file", record);
  }

  await planRegistration(run);
  if (options.startup !== false) await planStartup(run);
  await planSurfaces(run, options.web === false ? undefined : (options.web?.port ?? 8080), osc);

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

/** One install in progress: the folder's files, the record and the result it builds. */
interface InstallRun {
  folder: ResourceFolder;
  record: InstallRecord;
  result: ReaperBridgeInstallResult;
  /** Line ending of files the install creates. */
  eol: string;
}

/** reaper-kb.ini: the SCR line, unless the bridge is registered already. */
async function planRegistration({ folder, record, eol: eolForNew }: InstallRun): Promise<void> {
  const kb = await folder.lines(INSTALLED_FILES.kb);
  const registered = readScriptRegistrations(kb.lines, INSTALLED_FILES.kb).filter(
    (s) => s.name === BRIDGE_ACTION_NAME && s.section === '0',
  );
  for (const script of registered) {
    const path = script.path.replaceAll('\\', '/');
    const ours =
      path === BRIDGE_FILE_NAME ||
      resolve(folder.root, 'Scripts', script.path) === folder.path(INSTALLED_FILES.script);
    if (!ours) {
      throw new TapeopError(
        'CONFLICT',
        `${INSTALLED_FILES.kb} line ${script.line + 1}: ${BRIDGE_ACTION_NAME} is already registered for ${script.path}, not for Scripts/${BRIDGE_FILE_NAME}; nothing was changed`,
        {
          details: { file: INSTALLED_FILES.kb, line: script.line + 1, path: script.path },
          hint: `Remove that line (REAPER closed) or point it at ${BRIDGE_FILE_NAME}, then run the installer again.`,
        },
      );
    }
  }
  if (registered.length === 0) {
    appendLine(kb.lines, bridgeRegistrationLine(), lineEnding(kb.lines, eolForNew));
    kb.changes.push(`registered the bridge as ${BRIDGE_COMMAND_ID}`);
    if (!record.files[INSTALLED_FILES.kb]) {
      record.files[INSTALLED_FILES.kb] = {
        kind: 'reaper-kb',
        name: BRIDGE_ACTION_NAME,
        createdFile: kb.missing,
      };
    }
  }
  folder.planLines(kb);
}

/** Scripts/__startup.lua: tapeop's block, unless the script starts the bridge already. */
async function planStartup({ folder, record, result, eol: eolForNew }: InstallRun): Promise<void> {
  const startup = await folder.lines(INSTALLED_FILES.startup);
  const state = readStartup(startup.lines, INSTALLED_FILES.startup, BRIDGE_COMMAND_ID);
  if (!state.block && state.startsElsewhere === undefined) {
    addStartupBlock(startup.lines, BRIDGE_COMMAND_ID, lineEnding(startup.lines, eolForNew));
    startup.changes.push('starts the bridge when REAPER starts');
    if (!record.files[INSTALLED_FILES.startup]) {
      record.files[INSTALLED_FILES.startup] = { kind: 'startup', createdFile: startup.missing };
    }
  } else if (state.startsElsewhere !== undefined && !state.block) {
    result.notes.push(
      `${INSTALLED_FILES.startup} line ${state.startsElsewhere + 1} already starts ${BRIDGE_COMMAND_ID}; left as it is`,
    );
  }
  folder.planLines(startup);
}

/**
 * reaper.ini: the web interface on `webPort` unless REAPER has one, tapeop's OSC surface unless
 * it is there; a port another surface listens on is a conflict.
 */
async function planSurfaces(
  { folder, record, result, eol: eolForNew }: InstallRun,
  webPort: number | undefined,
  osc: { listenPort: number; deviceHost: string; devicePort: number } | undefined,
): Promise<void> {
  const ini = await folder.lines(INSTALLED_FILES.ini);
  checkText(joinLines(ini.lines), INSTALLED_FILES.ini);
  const surfaces = readSurfaces(ini.lines, INSTALLED_FILES.ini).surfaces.filter((s) => s.active);
  const added: string[] = [];
  const ports = new Map(surfaces.flatMap((s) => (s.port === undefined ? [] : [[s.port, s]])));
  const claim = (port: number, what: string, option: string) => {
    const taken = ports.get(port);
    if (taken) {
      throw new TapeopError(
        'CONFLICT',
        `${INSTALLED_FILES.ini} line ${taken.line + 1}: port ${port} is already used by csurf_${taken.number} (${taken.type}), so ${what} cannot listen there; nothing was changed`,
        {
          details: { file: INSTALLED_FILES.ini, line: taken.line + 1, port },
          hint: `Choose another port (${option}), then run the installer again.`,
        },
      );
    }
  };
  if (webPort !== undefined) {
    const web = surfaces.find((s) => s.type === 'HTTP');
    if (web) {
      result.webInterface = { ...(web.port === undefined ? {} : { port: web.port }), added: false };
    } else {
      const port = webPort;
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
    const { countAdded, sectionAdded } = addSurfaces(ini.lines, added, eol, INSTALLED_FILES.ini);
    const existing = record.files[INSTALLED_FILES.ini];
    record.files[INSTALLED_FILES.ini] =
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
