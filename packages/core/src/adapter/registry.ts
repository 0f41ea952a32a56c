import { TapeopError } from '../errors/tapeop-error.js';
import { type Logger, noopLogger } from '../logging/logger.js';
import { validateAdapterManifest } from '../validation/documents.js';
import { formatProblem } from '../validation/problem.js';
import type { AdapterConnectionOptions, AdapterFactory, DawAdapter } from './contract.js';

/** Where an adapter came from: built into the app, an installed package, or a configured path. */
export type AdapterSource =
  | { kind: 'builtin' }
  | { kind: 'package'; name: string; path: string }
  | { kind: 'path'; path: string };

export interface AdapterFailure {
  source: AdapterSource;
  /** What went wrong, in plain words. */
  reason: string;
}

export interface RegisteredAdapter {
  factory: AdapterFactory;
  source: AdapterSource;
}

export interface DiscoverOptions {
  /** The project folder whose node_modules holds `tapeop-adapter-*` packages. */
  projectDir: string;
  /** A config file listing adapter module paths: `{ "adapters": ["./my-adapter.js"] }`. */
  configFile?: string;
}

export interface AdapterRegistry {
  register(factory: AdapterFactory, source?: AdapterSource): void;
  /** Finds installed and configured adapters; every one that cannot load is reported, none skipped silently. */
  discover(
    options: DiscoverOptions,
  ): Promise<{ loaded: RegisteredAdapter[]; failed: AdapterFailure[] }>;
  /** The factory registered under `name` (or an alias); throws ADAPTER_NOT_FOUND with what is available. */
  get(name: string): AdapterFactory;
  /** Creates and connects the adapter named `name`. */
  open(name: string, options?: AdapterConnectionOptions): Promise<DawAdapter>;
  list(): RegisteredAdapter[];
  failures(): AdapterFailure[];
}

const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._-]*\/)?tapeop-adapter-[a-z0-9][a-z0-9._-]*$/;

export function isAdapterPackageName(name: string): boolean {
  return PACKAGE_NAME.test(name);
}

export function createAdapterRegistry(
  options: { builtins?: AdapterFactory[]; logger?: Logger } = {},
): AdapterRegistry {
  const logger = options.logger ?? noopLogger;
  const byName = new Map<string, RegisteredAdapter>();
  const failed: AdapterFailure[] = [];

  const describeSource = (source: AdapterSource) =>
    source.kind === 'builtin'
      ? 'built-in'
      : source.kind === 'package'
        ? `package ${source.name}`
        : source.path;

  const fail = (source: AdapterSource, reason: string) => {
    failed.push({ source, reason });
    logger.warn(`adapter from ${describeSource(source)} not loaded: ${reason}`, { source });
  };

  const factoryProblem = (value: unknown): string | undefined => {
    const f = value as Partial<AdapterFactory> | undefined;
    if (!f || typeof f !== 'object')
      return 'it does not export an adapter factory (export `adapter` or a default export)';
    if (typeof f.name !== 'string' || f.name === '') return 'its factory has no name';
    if (typeof f.create !== 'function') return `its factory "${f.name}" has no create() function`;
    const manifest = validateAdapterManifest(f.manifest);
    if (!manifest.ok)
      return `its manifest is not valid: ${manifest.problems.map(formatProblem).join('; ')}`;
    if (manifest.value.name !== f.name)
      return `its factory is named "${f.name}" but its manifest "${manifest.value.name}"`;
    return undefined;
  };

  const registry: AdapterRegistry = {
    register(factory, source = { kind: 'builtin' }) {
      const problem = factoryProblem(factory);
      if (problem) {
        fail(source, problem);
        return;
      }
      for (const name of [factory.name, ...(factory.aliases ?? [])]) {
        const existing = byName.get(name);
        if (existing) {
          fail(
            source,
            `the name "${name}" is already taken by the adapter from ${describeSource(existing.source)}`,
          );
          return;
        }
      }
      const entry = { factory, source };
      for (const name of [factory.name, ...(factory.aliases ?? [])]) byName.set(name, entry);
    },

    async discover({ projectDir, configFile }) {
      const before = new Set(byName.values());
      const failedBefore = failed.length;
      const { readdir, readFile, stat } = await import('node:fs/promises');
      const { join, dirname, resolve } = await import('node:path');
      const { pathToFileURL } = await import('node:url');

      const importFactories = async (file: string, source: AdapterSource) => {
        let module: Record<string, unknown>;
        try {
          module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
        } catch (error) {
          fail(source, `it could not be imported: ${(error as Error).message}`);
          return;
        }
        const exported = Array.isArray(module.adapters)
          ? module.adapters
          : [module.adapter ?? module.default];
        for (const factory of exported) registry.register(factory as AdapterFactory, source);
      };

      const nodeModules = join(projectDir, 'node_modules');
      const candidates: string[] = [];
      const entries = await readdir(nodeModules).catch(() => [] as string[]);
      for (const entry of entries) {
        if (entry.startsWith('@')) {
          const scoped = await readdir(join(nodeModules, entry)).catch(() => [] as string[]);
          for (const name of scoped)
            if (isAdapterPackageName(`${entry}/${name}`)) candidates.push(`${entry}/${name}`);
        } else if (isAdapterPackageName(entry)) {
          candidates.push(entry);
        }
      }
      for (const name of candidates.sort()) {
        const dir = join(nodeModules, name);
        const source: AdapterSource = { kind: 'package', name, path: dir };
        const entry = await packageEntry(dir, readFile, join).catch((error: Error) => {
          fail(source, error.message);
          return undefined;
        });
        if (entry) await importFactories(entry, source);
      }

      if (configFile) {
        const text = await readFile(configFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT')
            fail(
              { kind: 'path', path: configFile },
              `the config file cannot be read: ${error.message}`,
            );
          return undefined;
        });
        if (text !== undefined) {
          let paths: unknown;
          try {
            paths = (JSON.parse(text) as { adapters?: unknown }).adapters ?? [];
          } catch (error) {
            fail(
              { kind: 'path', path: configFile },
              `the config file is not valid JSON: ${(error as Error).message}`,
            );
            paths = [];
          }
          if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) {
            fail({ kind: 'path', path: configFile }, '"adapters" should be a list of module paths');
          } else {
            for (const p of paths as string[]) {
              const file = resolve(dirname(configFile), p);
              const source: AdapterSource = { kind: 'path', path: file };
              const found = await stat(file).catch(() => undefined);
              if (!found) fail(source, `the file does not exist (listed in ${configFile})`);
              else await importFactories(file, source);
            }
          }
        }
      }
      return {
        loaded: [...new Set(byName.values())].filter((e) => !before.has(e)),
        failed: failed.slice(failedBefore),
      };
    },

    get(name) {
      const entry = byName.get(name);
      if (entry) return entry.factory;
      const available = [...byName.keys()].sort();
      const broken = failed.map((f) => `${describeSource(f.source)}: ${f.reason}`);
      throw new TapeopError(
        'ADAPTER_NOT_FOUND',
        `no DAW adapter named "${name}"; available: ${available.length > 0 ? available.join(', ') : 'none'}`,
        {
          details: { name, available, failures: failed },
          hint:
            broken.length > 0
              ? `These adapters failed to load:\n${broken.map((b) => `  ${b}`).join('\n')}`
              : 'Install an adapter package named tapeop-adapter-<daw>, or list its path under "adapters" in tapeop.config.json.',
        },
      );
    },

    async open(name, connection = {}) {
      const adapter = await registry.get(name).create(connection);
      await adapter.connect();
      return adapter;
    },

    list: () => [...new Set(byName.values())],
    failures: () => [...failed],
  };

  for (const factory of options.builtins ?? []) registry.register(factory);
  return registry;
}

/** The ESM entry of an installed package, from its `exports` ('.' → import/default) or `main`. */
async function packageEntry(
  dir: string,
  readFile: (path: string, encoding: 'utf8') => Promise<string>,
  join: (...parts: string[]) => string,
): Promise<string> {
  let manifest: { exports?: unknown; main?: string };
  try {
    manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  } catch (error) {
    throw new Error(`its package.json cannot be read: ${(error as Error).message}`);
  }
  const pick = (target: unknown): string | undefined => {
    if (typeof target === 'string') return target;
    if (target && typeof target === 'object') {
      const t = target as Record<string, unknown>;
      if ('.' in t) return pick(t['.']);
      return pick(t.import) ?? pick(t.node) ?? pick(t.default);
    }
    return undefined;
  };
  const relative = pick(manifest.exports) ?? manifest.main ?? 'index.js';
  return join(dir, relative);
}
