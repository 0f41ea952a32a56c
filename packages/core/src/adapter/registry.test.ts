import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTapeopError } from '../errors/tapeop-error.js';
import { createMemoryLogger } from '../logging/logger.js';
import { memoryAdapterFactory, memoryAdapterManifest } from '../testing/memory-adapter.js';
import { createAdapterRegistry, isAdapterPackageName } from './registry.js';

/** An adapter module as a third party would publish it: plain ESM with a factory export. */
const adapterModule = (name: string, daw: string) => `
export const adapter = {
  name: ${JSON.stringify(name)},
  manifest: { schema: 'AdapterManifest.1', name: ${JSON.stringify(name)}, daw: ${JSON.stringify(daw)}, transports: ['osc'], capabilities: [] },
  create: () => ({ kind: ${JSON.stringify(name)} }),
};
`;

let project: string;

async function writePackage(
  name: string,
  files: Record<string, string>,
  manifest: Record<string, unknown>,
): Promise<void> {
  const dir = join(project, 'node_modules', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, type: 'module', ...manifest }));
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'tapeop-registry-'));
  await writePackage(
    'tapeop-adapter-bitwig',
    { 'index.js': adapterModule('bitwig', 'Bitwig Studio') },
    { exports: { '.': { import: './index.js' } } },
  );
  await writePackage(
    '@studio/tapeop-adapter-pyramix',
    { 'main.js': adapterModule('pyramix', 'Pyramix') },
    { main: 'main.js' },
  );
  await writePackage(
    'tapeop-adapter-broken',
    { 'index.js': 'throw new Error("missing native module");' },
    { exports: './index.js' },
  );
  await writePackage('tapeop-adapter-nofactory', { 'index.js': 'export const nothing = 1;' }, {});
  await writePackage(
    'tapeop-adapter-badmanifest',
    {
      'index.js':
        'export default { name: "bad", manifest: { schema: "AdapterManifest.1", name: "bad", daw: "Bad", transports: ["carrier-pigeon"], capabilities: [] }, create() {} };',
    },
    {},
  );
  await writePackage(
    'some-other-package',
    { 'index.js': 'throw new Error("must never be imported")' },
    {},
  );
  await mkdir(join(project, 'adapters'));
  await writeFile(
    join(project, 'adapters', 'local.mjs'),
    adapterModule('studio-one', 'Studio One'),
  );
  await writeFile(
    join(project, 'tapeop.config.json'),
    JSON.stringify({ adapters: ['./adapters/local.mjs', './adapters/missing.mjs'] }),
  );
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('adapter registry', () => {
  it('recognizes adapter package names', () => {
    expect(isAdapterPackageName('tapeop-adapter-reaper')).toBe(true);
    expect(isAdapterPackageName('@acme/tapeop-adapter-protools')).toBe(true);
    expect(isAdapterPackageName('tapeop-adapter-')).toBe(false);
    expect(isAdapterPackageName('@tapeop/adapter-reaper')).toBe(false);
    expect(isAdapterPackageName('my-tapeop-adapter-x')).toBe(false);
  });

  it('finds built-ins, installed packages and configured paths, and reports every failure', async () => {
    const logger = createMemoryLogger();
    const registry = createAdapterRegistry({ builtins: [memoryAdapterFactory], logger });
    const { loaded, failed } = await registry.discover({
      projectDir: project,
      configFile: join(project, 'tapeop.config.json'),
    });
    expect(loaded.map((l) => l.factory.name).sort()).toEqual(['bitwig', 'pyramix', 'studio-one']);
    expect(
      registry
        .list()
        .map((l) => l.factory.name)
        .sort(),
    ).toEqual(['bitwig', 'memory', 'pyramix', 'studio-one']);
    const reasons = failed
      .map((f) => `${f.source.kind === 'package' ? f.source.name : f.source.kind}: ${f.reason}`)
      .sort();
    expect(reasons).toHaveLength(4);
    expect(reasons[0]).toMatch(
      /^path: the file does not exist \(listed in .*tapeop.config.json\)$/,
    );
    expect(reasons[1]).toMatch(
      /^tapeop-adapter-badmanifest: its manifest is not valid: \/transports\/0: "carrier-pigeon" is not one of/,
    );
    expect(reasons[2]).toBe(
      'tapeop-adapter-broken: it could not be imported: missing native module',
    );
    expect(reasons[3]).toBe(
      'tapeop-adapter-nofactory: it does not export an adapter factory (export `adapter` or a default export)',
    );
    expect(logger.records.filter((r) => r.level === 'warn')).toHaveLength(4);
  });

  it('creates adapters by name', async () => {
    const registry = createAdapterRegistry();
    await registry.discover({ projectDir: project });
    expect(await registry.get('bitwig').create({})).toEqual({ kind: 'bitwig' });
  });

  it('says what is available and what failed when a name is unknown', async () => {
    const registry = createAdapterRegistry({ builtins: [memoryAdapterFactory] });
    await registry.discover({ projectDir: project });
    try {
      registry.get('cubase');
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'ADAPTER_NOT_FOUND')).toBe(true);
      expect((error as Error).message).toBe(
        'no DAW adapter named "cubase"; available: bitwig, memory, pyramix',
      );
      expect((error as { hint: string }).hint).toMatch(
        /package tapeop-adapter-broken: it could not be imported: missing native module/,
      );
    }
  });

  it('refuses two adapters with one name, keeping the first', () => {
    const registry = createAdapterRegistry({ builtins: [memoryAdapterFactory] });
    registry.register({ ...memoryAdapterFactory }, { kind: 'path', path: '/x/other.js' });
    expect(registry.failures()).toEqual([
      {
        source: { kind: 'path', path: '/x/other.js' },
        reason: 'the name "memory" is already taken by the adapter from built-in',
      },
    ]);
    expect(registry.get('memory')).toBe(memoryAdapterFactory);
  });

  it('answers to aliases', () => {
    const registry = createAdapterRegistry({
      builtins: [{ ...memoryAdapterFactory, aliases: ['ram'] }],
    });
    expect(registry.get('ram').manifest).toBe(memoryAdapterManifest);
  });

  it('reports a config file that is not JSON', async () => {
    const bad = join(project, 'bad.config.json');
    await writeFile(bad, '{ adapters: [');
    const registry = createAdapterRegistry();
    const { failed } = await registry.discover({
      projectDir: join(project, 'nowhere'),
      configFile: bad,
    });
    expect(failed.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^the config file is not valid JSON: /),
    ]);
  });

  it('opens (creates and connects) an adapter', async () => {
    const registry = createAdapterRegistry({ builtins: [memoryAdapterFactory] });
    const adapter = await registry.open('memory');
    expect(await adapter.listTracks()).toEqual([]);
  });
});
