import { readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  builtinPlugins,
  findPlugin,
  type ReaperSim,
  startReaperSim,
} from '@tapeop/adapter-reaper/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runTapeop } from '../test-support/run-tapeop.js';
import { createTestSession } from '../test-support/session-fixture.js';
import { tempFolder } from '../test-support/temp-folder.js';

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// Every command that talks to a DAW, as a spawned process against the REAPER simulator (REAPER
// cannot run here): the real adapter over HTTP and OSC, the real bridge in Lua.
describe('tapeop DAW commands against the REAPER simulator, end to end', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let sim: ReaperSim;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  let connection: string[];
  const tapeop = (...args: string[]) => runTapeop(args, { cwd, env });

  beforeAll(async () => {
    folder = await tempFolder('e2e-daw');
    cwd = folder.path;
    env = { XDG_CONFIG_HOME: join(cwd, '.config') };
    await createTestSession(cwd, 6);
    sim = await startReaperSim({ project: { sampleRate: 48_000 } });
    connection = [
      '--daw',
      'reaper',
      '--port',
      String(sim.httpPort),
      '--osc-port',
      String(sim.oscPort),
    ];
  });
  afterAll(async () => {
    await sim?.close();
    await folder?.remove();
  });

  it('daw status: the DAW, its version and what the adapter can do', async () => {
    const status = jsonOf(await tapeop('daw', 'status', ...connection, '--json'), 'daw status');
    expect(status.daw.name).toBe('REAPER');
    expect(status.manifest.capabilities).toContain('markers.write');
  });

  it('an unreachable DAW: exit 1 with how to start it', async () => {
    const port = await closedPort();
    const run = await tapeop(
      'load',
      'session',
      '--daw',
      'reaper',
      '--port',
      String(port),
      '--timeout',
      '1000',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/REAPER|web interface/);
    expect(run.stderr).toContain('what to do:');
    const json = jsonOf(
      await tapeop('daw', 'status', '--daw', 'reaper', '--port', String(port), '--json'),
      'daw status',
      1,
    );
    expect(json.error.code).toBe('DAW_UNREACHABLE');
    expect(json.error.hint).toBeTruthy();
    const none = await tapeop('load', 'session');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--daw');
  });

  it('load: the album on one track per song, at its place', async () => {
    const loaded = jsonOf(await tapeop('load', 'session', ...connection, '--json'), 'load');
    expect(loaded.songs.map((s: { track: string }) => s.track)).toEqual([
      '01 Headlights',
      '02 City Lights',
      '03 Overpass',
    ]);
    expect(sim.project.tracks.map((t) => t.name)).toEqual([
      '01 Headlights',
      '02 City Lights',
      '03 Overpass',
    ]);
    expect(sim.project.tracks[0]!.items[0]!.position).toBeCloseTo(2, 5);
    jsonOf(await tapeop('load', 'session', ...connection, '--json'), 'load');
    expect(sim.project.tracks).toHaveLength(3);
  });

  it('markers write, and markers read back after the engineer moved one', async () => {
    const written = jsonOf(
      await tapeop('markers', 'write', 'session', ...connection, '--json'),
      'markers write',
    );
    expect(written.written.filter((m: { kind: string }) => m.kind === 'cd-track')).toHaveLength(3);
    expect(
      sim.project.markers.some(
        (m) => m.name.startsWith('#') && m.name.includes('ISRC=QZES52600002'),
      ),
    ).toBe(true);
    const unchanged = jsonOf(
      await tapeop('markers', 'read', 'session', ...connection, '--json'),
      'markers read',
    );
    expect(unchanged.changes).toEqual([]);
    // The engineer drags track 3's marker and region one second later, so its gap grows.
    for (const marker of sim.project.markers) {
      if (marker.name.includes('Overpass') || marker.name.includes('QZES52600003')) {
        marker.pos += 1;
        if (marker.isRegion) marker.end += 1;
      }
    }
    sim.project.sortMarkers();
    const preview = jsonOf(
      await tapeop('markers', 'read', 'session', ...connection, '--dry-run', '--json'),
      'markers read',
    );
    expect(preview.written).toBe(false);
    expect(preview.changes.map((c: { text: string }) => c.text)).toEqual([
      'Gap before Overpass: 2 s → 3 s',
    ]);
    const applied = jsonOf(
      await tapeop('markers', 'read', 'session', ...connection, '--json'),
      'markers read',
    );
    expect(applied.written).toBe(true);
    const sequence = jsonOf(await tapeop('sequence', 'session', '--json'), 'sequence', 3);
    expect(sequence.songs[2].gapSec).toBe(3);
  });

  it('recall capture, diff, list and apply, with change notes', async () => {
    const eq = findPlugin(builtinPlugins, 'ReaEQ')!;
    for (const track of sim.project.tracks) if (track.fx.length === 0) sim.project.addFx(track, eq);
    const v1 = jsonOf(
      await tapeop('recall', 'capture', 'session', ...connection, '--name', 'v1', '--json'),
      'recall capture',
    );
    expect(v1.previous).toBeUndefined();
    const track = sim.project.tracks[1]!;
    sim.project.setParam(track, track.fx[0]!, 4, 0.75);
    track.vol = 0.5;
    const v2 = jsonOf(
      await tapeop(
        'recall',
        'capture',
        'session',
        ...connection,
        '--name',
        'v2 for client',
        '--json',
      ),
      'recall capture',
    );
    expect(v2.snapshot.file).toMatch(/-v2-for-client\.json$/);
    expect(v2.notesWritten).toBe(2);
    expect(v2.changes.map((c: { text: string }) => c.text).join('\n')).toContain('City Lights');
    expect(await readdir(join(cwd, 'session', 'snapshots'))).toHaveLength(2);
    const diff = jsonOf(
      await tapeop('recall', 'diff', 'session', '--from', 'v1', '--to', 'v2 for client', '--json'),
      'recall diff',
    );
    expect(diff.changes).toHaveLength(2);
    const live = jsonOf(
      await tapeop(
        'recall',
        'diff',
        'session',
        '--from',
        'v2 for client',
        '--to',
        'daw',
        ...connection,
        '--json',
      ),
      'recall diff',
    );
    expect(live.changes).toHaveLength(0);
    const list = jsonOf(await tapeop('recall', 'list', 'session', '--json'), 'recall list');
    expect(list.snapshots.map((s: { name: string }) => s.name)).toEqual(['v1', 'v2 for client']);
    const dry = jsonOf(
      await tapeop('recall', 'apply', 'session', ...connection, '--name', 'v1', '-n', '--json'),
      'recall apply',
    );
    expect(dry.applied).toBe(false);
    expect(dry.changes).toHaveLength(2);
    const applied = jsonOf(
      await tapeop('recall', 'apply', 'session', ...connection, '--name', 'v1', '--json'),
      'recall apply',
    );
    expect(applied.applied).toBe(true);
    expect(sim.project.tracks[1]!.vol).toBeCloseTo(1, 5);
    const missing = await tapeop('recall', 'apply', 'session', ...connection, '--name', 'v9');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('v1, v2 for client');
    const notes = jsonOf(
      await tapeop('notes', 'list', 'session', '--kind', 'change', '--json'),
      'notes list',
    );
    expect(
      notes.entries.some((e: { note: { text: string } }) =>
        e.note.text.startsWith('Recalled snapshot v1'),
      ),
    ).toBe(true);
  });

  it('daw locate, play and stop', async () => {
    const located = jsonOf(
      await tapeop('daw', 'locate', 'session', '#2', ...connection, '--json'),
      'daw locate',
    );
    expect(located.songId).toBe('city-lights');
    expect(sim.project.position()).toBeCloseTo(located.positionSec, 3);
    jsonOf(await tapeop('daw', 'locate', 'session', '1:05', ...connection, '--json'), 'daw locate');
    expect(sim.project.position()).toBeCloseTo(65, 3);
    const playing = jsonOf(await tapeop('daw', 'play', ...connection, '--json'), 'daw play');
    expect(playing.transport.playing).toBe(true);
    const stopped = jsonOf(await tapeop('daw', 'stop', ...connection, '--json'), 'daw stop');
    expect(stopped.transport.playing).toBe(false);
  });

  it('DAW hosts and ports from tapeop.config.json in the session', async () => {
    await writeFile(
      join(cwd, 'session', 'tapeop.config.json'),
      JSON.stringify({
        daw: 'reaper',
        daws: { reaper: { host: '127.0.0.1', port: sim.httpPort, oscPort: sim.oscPort } },
      }),
    );
    try {
      const status = jsonOf(await tapeop('daw', 'locate', 'session', '#1', '--json'), 'daw locate');
      expect(status.songId).toBe('headlights');
      // Flags win over the file.
      const port = await closedPort();
      expect(
        (
          await tapeop(
            'daw',
            'locate',
            'session',
            '#1',
            '--port',
            String(port),
            '--timeout',
            '1000',
          )
        ).code,
      ).toBe(1);
    } finally {
      await writeFile(join(cwd, 'session', 'tapeop.config.json'), '{}');
    }
  });

  it('load --offline says which library it waits for when no adapter writes the file', async () => {
    const run = await tapeop('load', 'session', '--offline', 'album.xyz', '--json');
    const json = jsonOf(run, 'load', 1);
    expect(json.error.code).toBe('UNSUPPORTED');
  });
});
