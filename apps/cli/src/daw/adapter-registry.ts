import { existsSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AdapterFactory,
  type AdapterRegistry,
  createAdapterRegistry,
  type Logger,
} from '@tapeop/core';

/**
 * The adapters that ship with tapeop. Imported when first needed, so a command that does not
 * talk to a DAW never loads them, and one that cannot load is reported with its reason.
 */
export const BUILTIN_ADAPTER_MODULES = [
  '@tapeop/adapter-reaper',
  '@tapeop/adapter-ardour',
] as const;

async function importBuiltins(logger: Logger): Promise<{
  factories: AdapterFactory[];
  missing: Array<{ module: string; reason: string }>;
}> {
  const factories: AdapterFactory[] = [];
  const missing: Array<{ module: string; reason: string }> = [];
  for (const specifier of BUILTIN_ADAPTER_MODULES) {
    try {
      const module = (await import(specifier)) as Record<string, unknown>;
      const exported = Array.isArray(module.adapters)
        ? (module.adapters as AdapterFactory[])
        : module.adapter
          ? [module.adapter as AdapterFactory]
          : [];
      if (exported.length === 0)
        missing.push({ module: specifier, reason: 'it exports no adapter yet' });
      factories.push(...exported);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ERR_MODULE_NOT_FOUND' && (error as Error).message.includes(specifier)
          ? 'it is not installed'
          : (error as Error).message;
      missing.push({ module: specifier, reason });
      logger.debug(`built-in adapter ${specifier} not loaded: ${reason}`);
    }
  }
  return { factories, missing };
}

/** The folder whose node_modules holds tapeop itself: where `tapeop-adapter-*` packages are installed. */
export function installRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  const { root } = parse(dir);
  // Skip the CLI package's own folders: start above the nearest package.json.
  while (dir !== root && !existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  dir = dirname(dir);
  while (dir !== root) {
    if (existsSync(join(dir, 'node_modules'))) return dir;
    dir = dirname(dir);
  }
  return undefined;
}

export interface LoadedRegistry {
  registry: AdapterRegistry;
  /** Built-in adapters that are not there (not landed, not installed), with the reason. */
  missingBuiltins: Array<{ module: string; reason: string }>;
}

/**
 * Built-in adapters, then `tapeop-adapter-*` packages installed next to tapeop, then the module
 * paths listed under "adapters" in the config files. Every adapter that fails to load is kept
 * with its reason (`registry.failures()`), never skipped silently.
 */
export async function loadAdapterRegistry(options: {
  logger: Logger;
  adapterConfigFiles: string[];
  extra?: AdapterFactory[];
}): Promise<LoadedRegistry> {
  const { factories, missing } = await importBuiltins(options.logger);
  const registry = createAdapterRegistry({
    builtins: [...factories, ...(options.extra ?? [])],
    logger: options.logger,
  });
  const root = installRoot();
  const configFiles = options.adapterConfigFiles;
  if (root) {
    await registry.discover({
      projectDir: root,
      ...(configFiles[0] ? { configFile: configFiles[0] } : {}),
    });
  }
  // The registry scans a project folder on every discover; the other config files are read
  // against a folder without node_modules so installed packages are not registered twice.
  for (const file of root ? configFiles.slice(1) : configFiles) {
    await registry.discover({
      projectDir: join(dirname(file), '.tapeop-no-packages'),
      configFile: file,
    });
  }
  return { registry, missingBuiltins: missing };
}
