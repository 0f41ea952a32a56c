import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const scratch: string[] = [];

function codegen(...args: string[]) {
  return spawnSync(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/codegen.ts'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
}

/** A private copy of the schema files and their generated output, to edit freely. */
async function copyOfCore(): Promise<{ schemaDir: string; outDir: string; docs: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tapeop-codegen-'));
  scratch.push(dir);
  await cp(join(root, 'packages/core/schema'), join(dir, 'schema'), { recursive: true });
  await cp(join(root, 'packages/core/src/generated'), join(dir, 'generated'), { recursive: true });
  await cp(join(root, 'packages/core/docs/schema-reference.md'), join(dir, 'schema-reference.md'));
  return {
    schemaDir: join(dir, 'schema'),
    outDir: join(dir, 'generated'),
    docs: join(dir, 'schema-reference.md'),
  };
}

const pathArgs = (c: { schemaDir: string; outDir: string; docs: string }) => [
  '--schema-dir',
  c.schemaDir,
  '--out-dir',
  c.outDir,
  '--docs',
  c.docs,
];

afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('npm run codegen:check', () => {
  it('passes on the committed generated files', () => {
    const run = codegen('--check');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('fails after a schema edit, naming the stale files, and passes again after codegen', async () => {
    const copy = await copyOfCore();
    expect(codegen('--check', ...pathArgs(copy)).status).toBe(0);

    const songFile = join(copy.schemaDir, 'song.schema.json');
    const song = JSON.parse(await readFile(songFile, 'utf8'));
    song.properties.bpm = { type: 'number', description: 'Tempo in beats per minute.' };
    await writeFile(songFile, JSON.stringify(song, null, 2));

    const stale = codegen('--check', ...pathArgs(copy));
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('Generated files are stale or missing:');
    expect(stale.stderr).toContain('types.ts');
    expect(stale.stderr).toContain('schema-files.ts');
    expect(stale.stderr).toContain('Run `npm run codegen` and commit the result.');

    expect(codegen(...pathArgs(copy)).status).toBe(0);
    expect(await readFile(join(copy.outDir, 'types.ts'), 'utf8')).toContain('bpm?: number;');
    expect(codegen('--check', ...pathArgs(copy)).status).toBe(0);
  });

  it('fails when a generated file is missing', async () => {
    const copy = await copyOfCore();
    await rm(join(copy.outDir, 'types.ts'));
    expect(codegen('--check', ...pathArgs(copy)).status).toBe(1);
  });

  it('reports a schema file that is not JSON', async () => {
    const copy = await copyOfCore();
    await writeFile(join(copy.schemaDir, 'song.schema.json'), '{ "title": ');
    const run = codegen('--check', ...pathArgs(copy));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/song\.schema\.json: not valid JSON/);
  });
});
