import { tokenizeRppLine } from '../rpp/rpp-line.js';
import { RppProblemLog } from '../rpp/rpp-problem.js';
import { unreadableConfig } from './config-error.js';
import { insertLines, nulLine, removeLine, type TextLine } from './text-lines.js';

// reaper-kb.ini holds REAPER's custom actions, scripts and shortcuts, one record a line:
//   SCR 4 0 TAPEOP_BRIDGE "Custom: tapeop_bridge.lua" tapeop_bridge.lua
//   ACT 1 0 "abc" "Custom: two actions" _RS1 40001
//   KEY 1 65 _RS1 0		 # Main : A : Custom: x.lua
// An SCR line registers a script: flags, section (0 = main), the command name (REAPER adds
// '_' for the command id), the description, and the path relative to <resource>/Scripts.

export interface ScriptRegistration {
  /** Index of its line. */
  line: number;
  section: string;
  name: string;
  description: string;
  path: string;
}

/** The SCR lines, refusing a file whose quoting is broken or that holds a NUL byte. */
export function readScriptRegistrations(
  lines: readonly TextLine[],
  file: string,
): ScriptRegistration[] {
  const nul = nulLine(lines.map((l) => l.text + l.eol).join(''));
  if (nul !== undefined) {
    throw unreadableConfig(
      file,
      nul,
      'the file holds a NUL byte, so it is damaged or not a text file',
    );
  }
  const scripts: ScriptRegistration[] = [];
  const log = new RppProblemLog(false, file);
  for (const [i, { text }] of lines.entries()) {
    if (text.trim() === '') continue;
    let tokens: string[];
    try {
      tokens = tokenizeRppLine(text, i + 1, log).tokens;
    } catch {
      throw unreadableConfig(file, i + 1, 'a quote on this line never closes');
    }
    if (tokens[0] !== 'SCR') continue;
    if (tokens.length < 6) {
      throw unreadableConfig(
        file,
        i + 1,
        'a script registration (SCR) needs flags, section, name, description and path',
      );
    }
    scripts.push({
      line: i,
      section: tokens[2]!,
      name: tokens[3]!,
      description: tokens[4]!,
      path: tokens.slice(5).join(' '),
    });
  }
  return scripts;
}

/** Appends a line at the end of the file, where REAPER adds new scripts. */
export function appendLine(lines: TextLine[], text: string, eol: string): void {
  insertLines(lines, lines.length - 1, [text], eol);
}

/** Removes the main-section registrations named `name`; returns how many there were. */
export function removeRegistrations(lines: TextLine[], name: string, file: string): number {
  const found = readScriptRegistrations(lines, file).filter(
    (s) => s.name === name && s.section === '0',
  );
  for (const script of [...found].reverse()) removeLine(lines, script.line);
  return found.length;
}
