import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the system's temporary folder, named after this work. */
export async function makeTempFolder(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'tapeop-session-intake-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function writeFiles(
  folder: string,
  files: Record<string, Buffer | string>,
): Promise<void> {
  for (const [name, content] of Object.entries(files)) await writeFile(join(folder, name), content);
}

/** Runs a reference tool (sox, flac, ffmpeg, soxi, metaflac) and returns what it printed. */
export function runTool(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
