import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the system temp folder, named after this package's tests. */
export async function tempFolder(
  label: string,
): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `tapeop-cli-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
