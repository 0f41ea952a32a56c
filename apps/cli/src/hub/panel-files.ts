import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built panel (@tapeop/panel's dist/ folder), when the panel is installed next to tapeop and
 * has been built; `tapeop serve` serves it at / unless told otherwise. Undefined when it is not
 * there: the hub then serves a page that says how to get it.
 */
export function findPanelFiles(
  resolvePackage: (specifier: string) => string = (specifier) => import.meta.resolve(specifier),
): string | undefined {
  let manifest: string;
  try {
    manifest = fileURLToPath(resolvePackage('@tapeop/panel/package.json'));
  } catch {
    return undefined;
  }
  const dist = join(dirname(manifest), 'dist');
  return existsSync(join(dist, 'index.html')) ? dist : undefined;
}
