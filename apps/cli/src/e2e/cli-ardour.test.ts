import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createArdourAdapter } from '@tapeop/adapter-ardour';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArdourInstance, startArdour } from '../../../../scripts/ardour-harness.js';
import { jsonOf, runTapeop } from '../test-support/run-tapeop.js';
import { createTestSession } from '../test-support/session-fixture.js';
import { tempFolder } from '../test-support/temp-folder.js';

// The DAW commands with --daw ardour, against the real Ardour 7.3 (headless, started by the
// adapter's harness), as spawned tapeop processes. The connection comes from the session's
// tapeop.config.json (OSC port and Ardour's config folder, where the bridge's mailbox is).
describe('tapeop with --daw ardour, against the real Ardour', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let ardour: ArdourInstance;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  const tapeop = (...args: string[]) => runTapeop(args, { cwd, env });

  beforeAll(async () => {
    folder = await tempFolder('e2e-ardour');
    cwd = folder.path;
    env = { XDG_CONFIG_HOME: join(cwd, '.config') };
    await createTestSession(cwd, 4);
    ardour = await startArdour({ dir: join(cwd, 'ardour') });
    await writeFile(
      join(cwd, 'session', 'tapeop.config.json'),
      JSON.stringify({
        daw: 'ardour',
        daws: { ardour: { port: ardour.oscPort, configDir: ardour.configDir, timeoutMs: 10_000 } },
      }),
    );
  }, 180_000);
  afterAll(async () => {
    await ardour?.stop(true);
    await folder?.remove();
  });

  it('daw status: the real Ardour answers', async () => {
    // daw status takes no session, so the connection is given by flags here.
    const status = jsonOf(
      await runTapeop(
        ['daw', 'status', '--daw', 'ardour', '--port', String(ardour.oscPort), '--json'],
        {
          cwd,
          env: { ...env, XDG_CONFIG_HOME: join(ardour.configDir, '..') },
        },
      ),
      'daw status',
    );
    expect(status.daw.name).toMatch(/Ardour/);
  });

  it('load, markers write and read, recall capture and apply, locate', async () => {
    const loaded = jsonOf(await tapeop('load', 'session', '--json'), 'load');
    expect(loaded.adapter).toBe('ardour');
    expect(loaded.tracks.map((t: { name: string }) => t.name)).toEqual([
      '01 Headlights',
      '02 City Lights',
      '03 Overpass',
    ]);
    const written = jsonOf(await tapeop('markers', 'write', 'session', '--json'), 'markers write');
    expect(written.written.length).toBeGreaterThan(3);
    const read = jsonOf(
      await tapeop('markers', 'read', 'session', '--dry-run', '--json'),
      'markers read',
    );
    expect(read.changes).toEqual([]);
    const v1 = jsonOf(
      await tapeop('recall', 'capture', 'session', '--name', 'v1', '--json'),
      'recall capture',
    );
    expect(v1.snapshot.trackCount).toBeGreaterThanOrEqual(3);

    // The engineer pulls City Lights down 6 dB in Ardour.
    const adapter = createArdourAdapter({
      oscPort: ardour.oscPort,
      configDir: ardour.configDir,
      timeoutMs: 10_000,
    });
    await adapter.connect();
    try {
      const state = await adapter.captureSnapshot();
      await adapter.applySnapshot({
        ...state,
        tracks: state.tracks.map((t) => (t.name === '02 City Lights' ? { ...t, volumeDb: -6 } : t)),
      });
    } finally {
      await adapter.close();
    }
    const v2 = jsonOf(
      await tapeop('recall', 'capture', 'session', '--name', 'v2', '--json'),
      'recall capture',
    );
    expect(v2.changes.map((c: { text: string }) => c.text)).toEqual([
      expect.stringContaining('City Lights) · volume 0.0 dB → −6.0 dB'),
    ]);
    expect(v2.notesWritten).toBe(1);
    const applied = jsonOf(
      await tapeop('recall', 'apply', 'session', '--name', 'v1', '--json'),
      'recall apply',
    );
    expect(applied.applied).toBe(true);
    const now = jsonOf(
      await tapeop('recall', 'diff', 'session', '--from', 'v1', '--to', 'daw', '--json'),
      'recall diff',
    );
    expect(now.changes.filter((c: { significant: boolean }) => c.significant)).toEqual([]);
    const located = jsonOf(await tapeop('daw', 'locate', 'session', '#2', '--json'), 'daw locate');
    expect(located.transport.positionSec).toBeCloseTo(located.positionSec, 1);
  });

  it('an Ardour that is not there: exit 1 with how to start it', async () => {
    const run = await tapeop('load', 'session', '--port', '9', '--timeout', '1000');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('what to do:');
  });

  it('load --offline writes an Ardour session file', async () => {
    const out = join(cwd, 'offline', 'night-drive.ardour');
    const written = jsonOf(await tapeop('load', 'session', '--offline', out, '--json'), 'load');
    expect(written).toMatchObject({ mode: 'offline', adapter: 'ardour' });
    expect(await readFile(written.file, 'utf8')).toContain('<Session');
  });

  it('ardour install and uninstall: idempotent, and the original put back', async () => {
    const config = join(cwd, 'ardour-config');
    await mkdir(config, { recursive: true });
    const first = jsonOf(
      await tapeop('ardour', 'install', '--config-dir', config, '--json'),
      'ardour install',
    );
    expect(first.changed).toBe(true);
    const again = jsonOf(
      await tapeop('ardour', 'install', '--config-dir', config, '--json'),
      'ardour install',
    );
    expect(again.changed).toBe(false);
    const removed = jsonOf(
      await tapeop('ardour', 'uninstall', '--config-dir', config, '--json'),
      'ardour uninstall',
    );
    expect(removed.removed).toBe(true);
    await expect(stat(join(config, 'ui_scripts'))).rejects.toThrow();
    await writeFile(join(config, 'ui_scripts'), '<broken');
    const broken = await tapeop('ardour', 'install', '--config-dir', config);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('ui_scripts');
    expect(await readFile(join(config, 'ui_scripts'), 'utf8')).toBe('<broken');
  });
});
