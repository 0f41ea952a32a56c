import { unreadableConfig } from './config-error.js';
import { insertLines, nulLine, removeLine, type TextLine } from './text-lines.js';

// REAPER runs <resource>/Scripts/__startup.lua when it starts. tapeop adds a block that starts
// its bridge, between two marker comments so that uninstall finds exactly those lines again,
// wherever the user's own startup code around them has moved.

const BEGIN =
  '-- >>> tapeop bridge: started at REAPER launch (added by tapeop; "tapeop reaper uninstall" removes this block)';
const END = '-- <<< tapeop bridge';

/** The block for a script registered under command id `commandId` (e.g. _TAPEOP_BRIDGE). */
export function startupBlock(commandId: string): string[] {
  return [
    BEGIN,
    'do',
    `  local command = reaper.NamedCommandLookup("${commandId}")`,
    '  if command ~= 0 then reaper.Main_OnCommand(command, 0) end',
    'end',
    END,
  ];
}

export interface StartupState {
  /** First and last line of tapeop's block, when present. */
  block?: { first: number; last: number };
  /** A line outside the block that already starts the bridge (the user's own). */
  startsElsewhere?: number;
}

/** Finds tapeop's block, refusing a file where it is half there. */
export function readStartup(
  lines: readonly TextLine[],
  file: string,
  commandId: string,
): StartupState {
  const nul = nulLine(lines.map((l) => l.text + l.eol).join(''));
  if (nul !== undefined) {
    throw unreadableConfig(
      file,
      nul,
      'the file holds a NUL byte, so it is damaged or not a Lua script',
    );
  }
  const begins = lines.flatMap((l, i) => (l.text.trim() === BEGIN ? [i] : []));
  const ends = lines.flatMap((l, i) => (l.text.trim() === END ? [i] : []));
  if (begins.length > 1 || ends.length > 1) {
    throw unreadableConfig(
      file,
      (begins.length > 1 ? begins[1]! : ends[1]!) + 1,
      "tapeop's startup block appears twice",
      "Keep one block between the '-- >>> tapeop bridge' and '-- <<< tapeop bridge' lines, then run the installer again.",
    );
  }
  const first = begins[0];
  const last = ends[0];
  if ((first === undefined) !== (last === undefined) || (first !== undefined && last! < first)) {
    throw unreadableConfig(
      file,
      (first ?? last!) + 1,
      "tapeop's startup block is incomplete (its first or last marker line is missing)",
      "Remove what is left of the block between '-- >>> tapeop bridge' and '-- <<< tapeop bridge', then run the installer again.",
    );
  }
  const state: StartupState = {};
  if (first !== undefined) state.block = { first, last: last! };
  const elsewhere = lines.findIndex(
    (l, i) =>
      l.text.includes(commandId) &&
      !l.text.trimStart().startsWith('--') &&
      (first === undefined || i < first || i > last!),
  );
  if (elsewhere >= 0) state.startsElsewhere = elsewhere;
  return state;
}

/** Adds the block at the end of the script. */
export function addStartupBlock(lines: TextLine[], commandId: string, eol: string): void {
  insertLines(lines, lines.length - 1, startupBlock(commandId), eol);
}

/** Removes tapeop's block; false when there is none. */
export function removeStartupBlock(lines: TextLine[], file: string, commandId: string): boolean {
  const { block } = readStartup(lines, file, commandId);
  if (!block) return false;
  for (let i = block.last; i >= block.first; i--) removeLine(lines, i);
  return true;
}
