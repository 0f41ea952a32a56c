import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The folder with the Lua files that run inside Ardour (tapeop-bridge.lua, tapeop-serve.lua).
 * It ships next to src/ and dist/, so it is found from the sources and from the build alike.
 */
export function bridgeDir(): string {
  for (const candidate of ['../../bridge/', '../bridge/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${dir}tapeop-bridge.lua`)) return dir.replace(/\/$/, '');
  }
  throw new Error('the tapeop Ardour bridge files are missing from @tapeop/adapter-ardour');
}

export const bridgeScriptPath = () => `${bridgeDir()}/tapeop-bridge.lua`;
export const serveScriptPath = () => `${bridgeDir()}/tapeop-serve.lua`;

/** The bridge's Lua source, as installed into Ardour's action scripts. */
export function bridgeSource(): string {
  return readFileSync(bridgeScriptPath(), 'utf8');
}
