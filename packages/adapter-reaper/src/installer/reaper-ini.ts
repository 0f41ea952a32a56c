import { tokenizeRppLine } from '../rpp/rpp-line.js';
import { RppProblemLog } from '../rpp/rpp-problem.js';
import { unreadableConfig } from './config-error.js';
import { insertLines, nulLine, removeLine, type TextLine } from './text-lines.js';

// REAPER's control surfaces live in reaper.ini, section [REAPER] (reaper.md §1-2):
//   csurf_cnt=2
//   csurf_0=HTTP 0 8080 '' 'index.html' 0 ''
//   csurf_1=OSC "name" 3 8000 "127.0.0.1" 9000 1024 10 "pattern"
// REAPER reads csurf_0 .. csurf_<cnt-1> through the Windows ini functions (first match wins,
// names case-insensitive) and parses each value with its line parser (the RPP quoting).

const SECTION = 'reaper';
const COUNT_KEY = 'csurf_cnt';
const SURFACE_KEY = /^csurf_(\d+)$/i;

export interface ControlSurface {
  /** N of csurf_N. */
  number: number;
  /** Index of its line. */
  line: number;
  value: string;
  tokens: string[];
  /** HTTP (the web interface), OSC, MCU, ... */
  type: string;
  /** REAPER reads it (N < csurf_cnt). */
  active: boolean;
  /** The port it listens on (web interface, OSC), when known. */
  port?: number;
}

export interface ReaperIniSurfaces {
  /** Index of the [REAPER] header line. */
  header?: number;
  /** Index of the last line of the [REAPER] section. */
  last?: number;
  count: number;
  countLine?: number;
  surfaces: ControlSurface[];
}

interface Entry {
  line: number;
  section: string | undefined;
  key: string;
  value: string;
}

/**
 * Reads the control surfaces of reaper.ini, refusing (PARSE_ERROR with the line) a file that
 * is not what REAPER writes: a line that is neither [section], key=value nor a comment, a NUL
 * byte, [REAPER] twice, csurf_cnt or a csurf_N twice, a count that is not a number, a surface
 * whose quoting is broken.
 */
export function readSurfaces(lines: readonly TextLine[], file: string): ReaperIniSurfaces {
  const entries: Entry[] = [];
  let section: string | undefined;
  const result: ReaperIniSurfaces = { count: 0, surfaces: [] };
  for (const [i, { text }] of lines.entries()) {
    const line = text.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) {
        throw unreadableConfig(file, i + 1, `"${line}" opens a [section] name that never closes`);
      }
      section = line.slice(1, -1).trim().toLowerCase();
      if (section === SECTION) {
        if (result.header !== undefined) {
          throw unreadableConfig(
            file,
            i + 1,
            `[${line.slice(1, -1)}] appears a second time (first at line ${result.header + 1})`,
          );
        }
        result.header = i;
      }
      continue;
    }
    const equals = text.indexOf('=');
    if (equals < 0) {
      throw unreadableConfig(
        file,
        i + 1,
        `"${line.length > 60 ? `${line.slice(0, 60)}…` : line}" is neither a [section], a key=value setting nor a comment`,
      );
    }
    entries.push({
      line: i,
      section,
      key: text.slice(0, equals).trim(),
      value: text.slice(equals + 1),
    });
  }
  if (result.header !== undefined) {
    result.last = result.header;
    for (let i = result.header + 1; i < lines.length; i++) {
      const line = lines[i]!.text.trim();
      if (line.startsWith('[')) break;
      if (line !== '') result.last = i;
    }
  }
  const seen = new Map<string, number>();
  for (const entry of entries) {
    if (entry.section !== SECTION) continue;
    const key = entry.key.toLowerCase();
    if (key !== COUNT_KEY && !SURFACE_KEY.test(key)) continue;
    const first = seen.get(key);
    if (first !== undefined) {
      throw unreadableConfig(
        file,
        entry.line + 1,
        `${entry.key} appears a second time in [REAPER] (first at line ${first + 1}); REAPER reads only the first`,
      );
    }
    seen.set(key, entry.line);
    if (key === COUNT_KEY) {
      if (!/^\s*\d+\s*$/.test(entry.value)) {
        throw unreadableConfig(
          file,
          entry.line + 1,
          `csurf_cnt is "${entry.value}", not a number of control surfaces`,
        );
      }
      result.count = Number(entry.value);
      result.countLine = entry.line;
      continue;
    }
    const log = new RppProblemLog(false, `${file} (${entry.key})`);
    let tokens: string[];
    try {
      tokens = tokenizeRppLine(entry.value, entry.line + 1, log).tokens;
    } catch {
      throw unreadableConfig(
        file,
        entry.line + 1,
        `the control surface ${entry.key} has a quote that never closes`,
      );
    }
    const type = (tokens[0] ?? '').toUpperCase();
    const portToken = type === 'HTTP' ? tokens[2] : type === 'OSC' ? tokens[3] : undefined;
    const surface: ControlSurface = {
      number: Number(SURFACE_KEY.exec(key)![1]),
      line: entry.line,
      value: entry.value,
      tokens,
      type,
      active: false,
    };
    if (portToken !== undefined && /^\d+$/.test(portToken)) surface.port = Number(portToken);
    result.surfaces.push(surface);
  }
  for (const surface of result.surfaces) surface.active = surface.number < result.count;
  result.surfaces.sort((a, b) => a.number - b.number);
  return result;
}

/** Refuses a NUL byte, which no ini file holds. */
export function checkText(content: string, file: string): void {
  const line = nulLine(content);
  if (line !== undefined) {
    throw unreadableConfig(
      file,
      line,
      'the file holds a NUL byte, so it is damaged or not a text file',
    );
  }
}

/**
 * Adds control surfaces after the active ones (as the next numbers) and raises csurf_cnt; adds
 * the count line, and the [REAPER] section, when missing. Returns what it had to add besides the
 * surface lines, which `removeSurfaces` takes away again.
 */
export function addSurfaces(
  lines: TextLine[],
  values: readonly string[],
  eol: string,
  file: string,
): { countAdded: boolean; sectionAdded: boolean } {
  if (values.length === 0) return { countAdded: false, sectionAdded: false };
  let ini = readSurfaces(lines, file);
  let sectionAdded = false;
  if (ini.header === undefined) {
    insertLines(lines, lines.length - 1, ['[REAPER]'], eol);
    sectionAdded = true;
    ini = readSurfaces(lines, file);
  }
  for (let n = ini.count; n < ini.count + values.length; n++) {
    const stale = ini.surfaces.find((s) => s.number === n);
    if (stale) {
      throw unreadableConfig(
        file,
        stale.line + 1,
        `csurf_${n} is past csurf_cnt=${ini.count}, so REAPER ignores it, but tapeop needs that number for its surface`,
        `Remove the line (REAPER does not read it), or install without the web interface and OSC surface, then run the installer again.`,
      );
    }
  }
  const surfaceLines = values.map((value, i) => `csurf_${ini.count + i}=${value}`);
  const lastSurface = ini.surfaces.filter((s) => s.active).at(-1);
  const countAdded = ini.countLine === undefined;
  if (countAdded) {
    const at = lastSurface?.line ?? ini.last!;
    insertLines(lines, at, [`csurf_cnt=${values.length + ini.count}`, ...surfaceLines], eol);
  } else {
    const at = Math.max(lastSurface?.line ?? -1, ini.countLine!);
    insertLines(lines, at, surfaceLines, eol);
    setCount(lines, ini.countLine!, ini.count + values.length);
  }
  return { countAdded, sectionAdded };
}

/**
 * Removes the active surfaces whose value is one of `values` (the last of equal ones), moves
 * the surfaces after each one down a number, lowers csurf_cnt, and takes away the count line and
 * the section when tapeop added them and nothing else is left. Returns the values it found.
 */
export function removeSurfaces(
  lines: TextLine[],
  values: readonly string[],
  file: string,
  added: { countAdded: boolean; sectionAdded: boolean },
): string[] {
  const removed: string[] = [];
  for (const value of values) {
    const ini = readSurfaces(lines, file);
    const surface = ini.surfaces.filter((s) => s.active && s.value === value).at(-1);
    if (!surface) continue;
    for (const later of ini.surfaces) {
      if (later.active && later.number > surface.number) {
        const line = lines[later.line]!;
        line.text = line.text.replace(/^(\s*)csurf_\d+/i, `$1csurf_${later.number - 1}`);
      }
    }
    removeLine(lines, surface.line);
    const count = ini.count - 1;
    const countLine = ini.countLine! > surface.line ? ini.countLine! - 1 : ini.countLine!;
    if (count === 0 && added.countAdded) removeLine(lines, countLine);
    else setCount(lines, countLine, count);
    removed.push(value);
  }
  const ini = readSurfaces(lines, file);
  if (added.sectionAdded && ini.header !== undefined && ini.last === ini.header) {
    removeLine(lines, ini.header);
  }
  return removed;
}

function setCount(lines: TextLine[], index: number, count: number): void {
  const line = lines[index]!;
  line.text = line.text.replace(/(=\s*)\d+/, `$1${count}`);
}
