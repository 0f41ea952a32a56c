import { TapeopError } from '@tapeop/core';

/**
 * The installer refuses a config file it cannot read with certainty, naming the file and the
 * line: editing a file it does not understand could lose the user's settings. Nothing has been
 * written when this is thrown.
 */
export function unreadableConfig(
  file: string,
  line: number | undefined,
  problem: string,
  hint?: string,
): TapeopError {
  return new TapeopError(
    'PARSE_ERROR',
    `${file}${line === undefined ? '' : ` line ${line}`}: ${problem}; nothing was changed`,
    {
      details: { file, ...(line === undefined ? {} : { line }) },
      hint:
        hint ??
        `Repair the line (REAPER rewrites the file when it quits, so quitting REAPER and starting it again may fix it), or restore it from a backup, then run the installer again.`,
    },
  );
}
