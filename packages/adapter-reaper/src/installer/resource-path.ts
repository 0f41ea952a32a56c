import { homedir } from 'node:os';
import { join } from 'node:path';

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
