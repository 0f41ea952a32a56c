import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runTapeop } from '../test-support/run-tapeop.js';
import { tempFolder } from '../test-support/temp-folder.js';

// `npm run demo` is `tapeop demo`; here it runs twice in a row into a temporary folder.
describe('tapeop demo, end to end', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    folder = await tempFolder('e2e-demo');
    env = { XDG_CONFIG_HOME: join(folder.path, '.config') };
  });
  afterAll(() => folder?.remove());

  it('runs the main job twice in a row, each time from a fresh folder', async () => {
    const first = jsonOf(
      await runTapeop(['demo', '--out', 'out', '--json'], { cwd: folder.path, env }),
      'demo',
    );
    const second = jsonOf(
      await runTapeop(['demo', '--out', 'out', '--json'], { cwd: folder.path, env }),
      'demo',
    );
    for (const result of [first, second]) {
      expect(result.steps.map((s: { name: string }) => s.name)).toEqual(
        expect.arrayContaining([
          'delivery',
          'init',
          'scan',
          'qc',
          'RPP',
          'sequence',
          'simulator',
          'load',
          'markers',
          'capture v1',
          'engineer (OSC)',
          'capture v2',
          'recall sheet',
          'DDP',
          'CUE',
          'PQ sheet',
          'verify',
        ]),
      );
    }
    const out = join(folder.path, 'out');
    const mixes = await readdir(join(out, 'delivery'));
    expect(mixes.filter((f) => f.endsWith('.wav'))).toHaveLength(7);
    const session = JSON.parse(await readFile(join(out, 'session', 'session.json'), 'utf8'));
    expect(session.songs).toHaveLength(6);
    expect(session.songs.every((s: { isrc?: string }) => /^QZDEM26\d{5}$/.test(s.isrc ?? ''))).toBe(
      true,
    );
    expect(await readdir(join(out, 'session', 'snapshots'))).toHaveLength(2);
    const journal = (await readFile(join(out, 'session', 'notes.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const changes = journal.filter((n) => n.kind === 'change' && n.links?.snapshots);
    expect(changes.map((n) => n.text)).toEqual([
      'Song 2 (City Lights) · volume 0.0 dB → −1.5 dB',
      'Song 3 (Overpass) · VST: ReaEQ (Cockos) · Gain-Band 3: +0.0 dB → +2.0 dB',
    ]);
    const rppText = await readFile(second.files.rpp, 'utf8');
    expect(rppText).toMatch(/^<REAPER_PROJECT/);
    expect(rppText).toContain('ReaEQ');
    expect(rppText).toContain('#TITLE=Night Drive');
    for (const key of ['recallSheet', 'ddp', 'cue', 'pq', 'session', 'rpp'])
      expect(
        (await stat(second.files[key])).isFile() || (await stat(second.files[key])).isDirectory(),
        key,
      ).toBe(true);
    expect(await readFile(second.files.recallSheet, 'utf8')).toContain('Gain-Band 3');
    expect(second.skipped).toEqual([]);
    expect(journal.filter((n) => n.kind === 'qc')).toHaveLength(7);
  });

  it('never replaces a folder it did not make', async () => {
    const mine = join(folder.path, 'precious');
    await mkdir(mine);
    await writeFile(join(mine, 'keep.txt'), 'mine');
    const run = await runTapeop(['demo', '--out', 'precious'], { cwd: folder.path, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('was not made by the demo');
    expect(await readFile(join(mine, 'keep.txt'), 'utf8')).toBe('mine');
  });
});
