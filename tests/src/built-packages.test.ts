import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let consumerDir: string | undefined;

afterAll(async () => {
  if (consumerDir) await rm(consumerDir, { recursive: true, force: true });
});

// These run after `turbo run build` (this workspace's test task depends on ^build).
describe('the built packages, as an outside consumer sees them', () => {
  it('import from the repository root with plain node', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import('@tapeop/core').then(m => console.log(Object.keys(m).join(',')))",
      ],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.split(',')).toEqual(
      expect.arrayContaining([
        'validateSession',
        'parseSession',
        'TapeopError',
        'createAdapterRegistry',
        'formatMsf',
      ]),
    );
  });

  it('resolve their types for a TypeScript consumer without the source condition', async () => {
    consumerDir = await mkdtemp(join(tmpdir(), 'tapeop-consumer-'));
    const { cp } = await import('node:fs/promises');
    await cp(join(root, 'tests/fixtures/consumer'), consumerDir, { recursive: true });
    await mkdir(join(consumerDir, 'node_modules/@tapeop'), { recursive: true });
    await symlink(
      join(root, 'packages/core'),
      join(consumerDir, 'node_modules/@tapeop/core'),
      'dir',
    );
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(consumerDir, 'tsconfig.json')],
      { encoding: 'utf8' },
    );
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
