import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

// A REAPER resource folder as a studio machine has it: a reaper.ini with many sections and
// control surfaces of its own (Windows line endings, a non-ASCII project name in the recent
// list), custom actions, scripts and shortcuts in reaper-kb.ini, the user's own startup code,
// other scripts and OSC pattern files.

const CRLF = '\r\n';

export const STUDIO_REAPER_INI = [
  '[REAPER]',
  'lastthemefn5=C:\\Users\\sam\\AppData\\Roaming\\REAPER\\ColorThemes\\Default_7.0.ReaperThemeZip',
  'autosaveint=5',
  'autosavemode=0',
  'csurf_cnt=2',
  'csurf_0=MCU 0 9 0 0 1 0 0',
  'csurf_1=OSC "TouchOSC iPad" 3 8100 "192.168.1.20" 9100 1024 10 "TouchOSC"',
  'csurfrate=15',
  'defsplitmode=0',
  'projrecforopen=1',
  '; the assistant set these for the mastering room',
  'defrenderpath=D:\\Masters',
  'vstpath64=C:\\Program Files\\Common Files\\VST3;C:\\Program Files\\VSTPlugins',
  '',
  '[audioconfig]',
  'mode=3',
  'srate=44100',
  'bsize=512',
  '',
  '[Recent]',
  'recent01=C:\\Sessions\\Caf\u00c3\u00a9 Nights\\Caf\u00c3\u00a9 Nights.RPP',
  'recent02=C:\\Sessions\\Night Drive\\Night Drive.RPP',
  '',
  '[RecentFX]',
  'Count=2',
  'RecentFX01=VST3: Pro-Q 3 (FabFilter)',
  'RecentFX02=VST: ReaLimit (Cockos)',
  '',
  '[verchk]',
  'lastt=1732438800',
  '',
  '[reaper_explorer]',
  'lastdir=C:\\Samples',
  'autoplay=1',
  '',
  '[WDL]',
  'showicons=1',
  '',
].join(CRLF);

export const STUDIO_REAPER_KB = [
  'ACT 1 0 "b8e4c2a1f0d9e8c7b6a5" "Custom: Render CD image" 40296 41824',
  'SCR 4 0 RS7d3c0b8a1e2f4d5c6b7a8 "Custom: ReaClassical_Create CD Markers.lua" "ReaClassical/ReaClassical_Create CD Markers.lua"',
  'SCR 4 32060 RSaaa "Custom: midi tool.lua" midi_tool.lua',
  'KEY 1 65 _RS7d3c0b8a1e2f4d5c6b7a8 0\t\t # Main : A : Custom: ReaClassical_Create CD Markers.lua',
  'KEY 9 32 0 0\t\t # Main : Cmd+Space : DISABLED DEFAULT',
  '',
].join(CRLF);

/** The engineer's own startup code, without a line break at the end. */
export const STUDIO_STARTUP = [
  '-- studio startup',
  'reaper.SetExtState("studio", "room", "A", false)',
  'local sws = reaper.NamedCommandLookup("_SWS_AWCOUNTRECTOG")',
  'if sws ~= 0 then reaper.Main_OnCommand(sws, 0) end',
].join('\n');

export interface ResourceFolder {
  dir: string;
  cleanup(): Promise<void>;
}

/** A resource folder under the system's temp folder; `files` relative path → content. */
export async function makeResourceFolder(
  files: Record<string, string | Buffer> = studioFiles(),
): Promise<ResourceFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'tapeop-reaper-offline-installer-'));
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, ...rel.split('/'));
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, typeof content === 'string' ? Buffer.from(content, 'latin1') : content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function studioFiles(): Record<string, string> {
  return {
    'reaper.ini': STUDIO_REAPER_INI,
    'reaper-kb.ini': STUDIO_REAPER_KB,
    'reaper-extstate.ini': '[studio]\r\nroom=A\r\n',
    'Scripts/__startup.lua': STUDIO_STARTUP,
    'Scripts/mine.lua': 'reaper.ShowConsoleMsg("hello")\n',
    'Scripts/ReaClassical/ReaClassical_Create CD Markers.lua': '-- ReaClassical\n',
    'OSC/TouchOSC.ReaperOSC': 'DEVICE_TRACK_COUNT 8\n',
  };
}

/** Every file under `dir` (relative path → bytes), without tapeop's backups. */
export async function snapshotFolder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const rel = relative(dir, path).split('\\').join('/');
      if (rel === 'tapeop/backups') continue;
      if (entry.isDirectory()) await walk(path);
      else files.set(rel, await readFile(path));
    }
  };
  await walk(dir);
  return files;
}

/** Every folder under `dir`, relative. */
export async function listFolders(dir: string): Promise<string[]> {
  const folders: string[] = [];
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(folder, entry.name);
      folders.push(relative(dir, path).split('\\').join('/'));
      await walk(path);
    }
  };
  await walk(dir);
  return folders.sort();
}

export async function mtimes(dir: string, rels: string[]): Promise<number[]> {
  return Promise.all(rels.map(async (rel) => (await stat(join(dir, rel))).mtimeMs));
}
