import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolder } from '../test-support/temp-folder.js';
import { findPanelFiles } from './panel-files.js';

describe('findPanelFiles (the panel tapeop serve serves by default)', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;

  beforeAll(async () => {
    folder = await tempFolder('panel-files');
  });
  afterAll(async () => {
    await folder?.remove();
  });

  const resolverFor = (root: string) => (specifier: string) => {
    expect(specifier).toBe('@tapeop/panel/package.json');
    return pathToFileURL(join(root, 'package.json')).href;
  };

  it('finds a built panel', async () => {
    const root = join(folder.path, 'built');
    await mkdir(join(root, 'dist'), { recursive: true });
    await writeFile(join(root, 'package.json'), '{"name":"@tapeop/panel"}');
    await writeFile(join(root, 'dist', 'index.html'), '<!doctype html>');
    expect(findPanelFiles(resolverFor(root))).toBe(join(root, 'dist'));
  });

  it('is undefined for a panel that was not built', async () => {
    const root = join(folder.path, 'unbuilt');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'package.json'), '{"name":"@tapeop/panel"}');
    expect(findPanelFiles(resolverFor(root))).toBeUndefined();
  });

  it('is undefined when the panel is not installed', () => {
    expect(
      findPanelFiles(() => {
        throw Object.assign(new Error("Cannot find package '@tapeop/panel'"), {
          code: 'ERR_MODULE_NOT_FOUND',
        });
      }),
    ).toBeUndefined();
  });

  it('looks for the workspace panel with the default resolver', async () => {
    // In this repository the panel is a workspace package, so the default resolver finds its
    // manifest; what findPanelFiles answers then depends only on whether dist/ was built.
    const manifest = import.meta.resolve('@tapeop/panel/package.json');
    expect(manifest).toMatch(/apps\/panel\/package\.json$/);
    const built = await stat(new URL('./dist/index.html', manifest)).then(
      () => true,
      () => false,
    );
    expect(findPanelFiles()).toBe(
      built ? join(dirname(fileURLToPath(manifest)), 'dist') : undefined,
    );
  });
});
