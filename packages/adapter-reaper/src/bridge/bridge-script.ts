import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bridge script's file name, as installed into REAPER's `Scripts/` folder. */
export const BRIDGE_FILE_NAME = 'tapeop_bridge.lua';
/** The name the script is registered under in reaper-kb.ini (`SCR 4 0 TAPEOP_BRIDGE ...`). */
export const BRIDGE_ACTION_NAME = 'TAPEOP_BRIDGE';
/** The command id REAPER gives the registered script: `/_/_TAPEOP_BRIDGE` starts it. */
export const BRIDGE_COMMAND_ID = `_${BRIDGE_ACTION_NAME}`;
/** The action's description in REAPER's action list. */
export const BRIDGE_ACTION_DESCRIPTION = `Custom: ${BRIDGE_FILE_NAME}`;

let packageRoot: string | undefined;

/**
 * The package's own folder, found from this module's location: the same code runs from
 * `src/` (tests, development) and from the bundled `dist/`, at different depths.
 */
export function adapterPackageRoot(): string {
  if (packageRoot) return packageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === '@tapeop/adapter-reaper') {
        packageRoot = dir;
        return dir;
      }
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('@tapeop/adapter-reaper: cannot find the package folder');
    dir = parent;
  }
}

/** Absolute path of the bridge script shipped with this package. */
export function bridgeScriptPath(): string {
  return join(adapterPackageRoot(), 'bridge', BRIDGE_FILE_NAME);
}

/** The bridge script's text. */
export function readBridgeScript(): string {
  return readFileSync(bridgeScriptPath(), 'utf8');
}
