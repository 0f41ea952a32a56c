import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runTapeop } from '../test-support/run-tapeop.js';
import { createTestSession, writeSongMasters } from '../test-support/session-fixture.js';
import { tempFolder } from '../test-support/temp-folder.js';

describe('tapeop deliver, end to end', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  const tapeop = (...args: string[]) => runTapeop(args, { cwd, env });

  beforeAll(async () => {
    folder = await tempFolder('e2e-deliver');
    cwd = folder.path;
    env = { XDG_CONFIG_HOME: join(cwd, '.config') };
    await createTestSession(cwd, 5);
    await writeSongMasters(join(cwd, 'renders'), 5);
    jsonOf(
      await tapeop(
        'session',
        'update',
        'session',
        '--set',
        '/album/cdText={"songwriter":"A. Writer"}',
        '--json',
      ),
      'session update',
    );
    jsonOf(await tapeop('sequence', 'session', '--cd', '--json'), 'sequence');
  });
  afterAll(() => folder?.remove());

  it('deliver ddp, cue, pq, verify and split', async () => {
    const ddp = jsonOf(
      await tapeop('deliver', 'ddp', 'session', '--songs', 'renders', '--json'),
      'deliver ddp',
    );
    expect(ddp.dir).toBe(join(cwd, 'session', 'deliver', 'DDP'));
    expect(ddp.files.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['DDPID', 'DDPMS', 'PQDESCR', 'IMAGE.DAT']),
    );
    const again = await tapeop('deliver', 'ddp', 'session', '--songs', 'renders');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('what to do:');
    const cue = jsonOf(
      await tapeop(
        'deliver',
        'cue',
        'session',
        '--master',
        'session/deliver/DDP/IMAGE.DAT',
        '-o',
        'image.cue',
        '--json',
      ),
      'deliver cue',
    );
    expect(await readFile(cue.file, 'utf8')).toContain('TRACK 03 AUDIO');
    const pq = jsonOf(
      await tapeop(
        'deliver',
        'pq',
        'session',
        '--ddp',
        'session/deliver/DDP',
        '--format',
        'csv',
        '--json',
      ),
      'deliver pq',
    );
    expect(pq.file).toMatch(/PQ sheet\.csv$/);
    const printed = await tapeop('deliver', 'pq', 'session', '--format', 'text', '-o', '-');
    expect(printed.stdout).toContain('QZ-ES5-26-00003');
    const verified = jsonOf(
      await tapeop('deliver', 'verify', 'session/deliver/DDP', '--json'),
      'deliver verify',
    );
    expect(verified.ok).toBe(true);
    const split = jsonOf(
      await tapeop('deliver', 'split', 'session', '--ddp', 'session/deliver/DDP', '--json'),
      'deliver split',
    );
    expect(split.files).toHaveLength(3);
    const notes = jsonOf(
      await tapeop('notes', 'list', 'session', '--kind', 'delivery', '--json'),
      'notes list',
    );
    expect(notes.entries.length).toBeGreaterThanOrEqual(4);
  });

  it('deliver verify finds a damaged DDP (exit 3)', async () => {
    const image = join(cwd, 'session', 'deliver', 'DDP', 'IMAGE.DAT');
    const bytes = await readFile(image);
    bytes[100_000] = (bytes[100_000]! + 1) % 256;
    await writeFile(image, bytes);
    const report = jsonOf(
      await tapeop('deliver', 'verify', 'session/deliver/DDP', '--json'),
      'deliver verify',
      3,
    );
    expect(report.ok).toBe(false);
    expect(
      report.checksums.some((c: { name: string; ok: boolean }) => c.name === 'IMAGE.DAT' && !c.ok),
    ).toBe(true);
  });

  it('deliver refuses without audio, and with a render of the wrong length', async () => {
    const none = jsonOf(
      await tapeop('deliver', 'ddp', 'session', '--out', 'x', '--json'),
      'deliver ddp',
      1,
    );
    expect(none.error.hint).toContain('--master');
    const short = jsonOf(
      await tapeop(
        'deliver',
        'cue',
        'session',
        '--master',
        'renders/01 - Headlights.wav',
        '-o',
        'y.cue',
        '--json',
      ),
      'deliver cue',
      1,
    );
    expect(short.error.message).toContain('differ by');
    await expect(stat(join(cwd, 'y.cue'))).rejects.toThrow();
  });
});
