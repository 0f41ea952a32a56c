import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArdourInstance, startArdour } from '../../../scripts/ardour-harness.js';
import {
  ArdourOsc,
  type ArdourOscEvent,
  BridgeClient,
  createArdourAdapter,
  int,
} from '../src/index.js';
import { OscSocket } from '../src/osc/osc-socket.js';
import { writeWav } from './support/audio-fixtures.js';
import { waitUntil } from './support/wait.js';

// Ardour's OSC surface as the adapter uses it, message by message, against the real Ardour.
let ardour: ArdourInstance;
let osc: ArdourOsc;
let bridge: BridgeClient;
const events: ArdourOscEvent[] = [];
const folders: string[] = [];

beforeAll(async () => {
  ardour = await startArdour();
  osc = new ArdourOsc({ port: ardour.oscPort, timeoutMs: 3000 });
  await osc.connect();
  osc.subscribe((e) => events.push(e));
  bridge = new BridgeClient({ osc, configDir: ardour.configDir });
  await bridge.call('tracks.ensure', {
    tracks: [
      { name: 'Vocals', channels: 1 },
      { name: 'Mix', channels: 2 },
    ],
  });
});
afterAll(async () => {
  await osc?.close();
  await ardour?.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("Ardour's OSC surface", () => {
  it('lists the strips with the session rate after tracks were added', async () => {
    const strips = await osc.handshake();
    expect(strips.map((s) => [s.ssid, s.name, s.type, s.inputs])).toEqual([
      [1, 'Vocals', 'AT', 1],
      [2, 'Mix', 'AT', 2],
    ]);
    expect(osc.sampleRate).toBe(48_000);
  });

  it('sets gain in dB, fader, pan, mute, solo and the name, each confirmed by feedback', async () => {
    await osc.setGainDb(1, -12); // a whole number, sent as a float: Ardour would read an int as 0 dB
    expect(osc.strip(1)?.gainDb).toBeCloseTo(-12, 2);
    await osc.setFader(2, 0.5);
    expect(osc.strip(2)?.gainDb).toBeLessThan(-5);
    await osc.setPan(1, 0.25);
    await osc.setMute(2, true);
    await osc.setSolo(1, true);
    await osc.rename(2, 'Mix – Café');
    await osc.setGainDb(1, null);
    expect(osc.strip(1)?.gainDb).toBeLessThanOrEqual(-192);
    const mixer =
      await bridge.call<
        Array<{
          name: string;
          strip: { gainDb: number | null; azimuth: number; mute: boolean; solo: boolean };
        }>
      >('mixer.state');
    expect(mixer.map((m) => m.name)).toEqual(['Vocals', 'Mix – Café', 'Master']);
    expect(mixer[0]!.strip).toMatchObject({ gainDb: null, solo: true });
    expect(mixer[0]!.strip.azimuth).toBeCloseTo(0.75, 5); // the surface shows pan mirrored
    expect(mixer[1]!.strip.mute).toBe(true);
    expect(
      events.some((e) => e.type === 'strip' && e.ssid === 2 && e.changes.name === 'Mix – Café'),
    ).toBe(true);
    await osc.setSolo(1, false);
  });

  it('plays, stops and locates, and adds and jumps to named markers', async () => {
    await osc.locate(96_000);
    await osc.play();
    expect(await osc.transportSpeed()).not.toBe(0);
    await osc.stop();
    expect(await osc.transportSpeed()).toBe(0);
    await osc.locate(48_000);
    osc.addMarker('verse');
    await osc.locate(144_000);
    osc.addMarker('chorus');
    await osc.locate(0);
    const markers = await bridge.call<Array<{ name: string; start: number }>>('locations.list');
    expect(markers.filter((m) => m.name !== 'session').map((m) => [m.name, m.start])).toEqual([
      ['verse', 48_000],
      ['chorus', 144_000],
    ]);
    osc.gotoMarker('chorus');
    await waitUntil(
      async () => (await osc.transportSample()) === 144_000,
      'the playhead is at chorus',
    );
    osc.gotoMarker(1); // by number, in time order
    await waitUntil(
      async () => (await osc.transportSample()) === 48_000,
      'the playhead is at verse',
    );
  });

  it('gets its answers back when Ardour sends this host’s answers to a fixed port', async () => {
    // Ardour keeps one reply port per host: here another client on 127.0.0.1 sets one (as the
    // port-8000 trap does when a message arrives while a session loads).
    const stray = createSocket('udp4');
    await new Promise<void>((ok) => stray.bind(0, '127.0.0.1', () => ok()));
    let strayAnswers = 0;
    stray.on('message', () => strayAnswers++);
    const other = new OscSocket({ host: '127.0.0.1', port: ardour.oscPort });
    await other.open();
    let strayListed = false;
    stray.on('message', (data) => {
      if (data.includes('end_route_list')) strayListed = true;
    });
    other.send('/set_surface/port', [int(stray.address().port)]);
    other.send('/strip/list');
    // Ardour took the setting once it answers there.
    await waitUntil(() => strayListed, "Ardour answers this host's questions at the stray port");
    const astray = strayAnswers;
    // Generous: this checks the recovery, not its speed on a loaded machine.
    const late = new ArdourOsc({ port: ardour.oscPort, timeoutMs: 10_000 });
    const strips = await late.connect();
    expect(strips.map((s) => s.name)).toEqual(['Vocals', 'Mix – Café']);
    expect(strayAnswers).toBeGreaterThan(astray); // the first answers went astray, then came back
    await late.close();
    await other.close();
    stray.close();
  });

  it('refuses, headless, a mix at another rate, and changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tapeop-ardour-rate-'));
    folders.push(dir);
    const file = join(dir, 'cd.wav');
    await writeWav(file, { sampleRate: 44_100, channels: 2, frames: 4410, sample: () => 0 });
    const adapter = createArdourAdapter({ configDir: ardour.configDir, timeoutMs: 3000 });
    await adapter.connect();
    const before = await adapter.listTracks();
    await expect(
      adapter.loadSongs({
        sampleRate: 48_000,
        layout: 'track-per-song',
        songs: [
          {
            songId: 'cd',
            title: 'CD',
            trackName: 'CD',
            filePath: file,
            positionSamples: 0,
            sourceOffsetSamples: 0,
            lengthSamples: 4800,
          },
        ],
      }),
    ).rejects.toSatisfy(
      (e) =>
        isTapeopError(e, 'INVALID_ARGUMENT') &&
        /44100 Hz/.test(e.message) &&
        /sox/.test(e.hint ?? ''),
    );
    expect(await adapter.listTracks()).toEqual(before);
    await adapter.close();
  });

  it('loads a whole album onto one track when the plan says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tapeop-ardour-single-'));
    folders.push(dir);
    const files = [join(dir, 'a.wav'), join(dir, 'b.wav')];
    for (const file of files)
      await writeWav(file, { sampleRate: 48_000, channels: 2, frames: 4800, sample: () => 0.1 });
    const adapter = createArdourAdapter({ configDir: ardour.configDir, timeoutMs: 3000 });
    await adapter.connect();
    const plan = {
      sampleRate: 48_000,
      layout: 'single-track' as const,
      songs: files.map((filePath, i) => ({
        songId: `s${i}`,
        title: `S${i}`,
        trackName: 'Album',
        filePath,
        positionSamples: 96_000 + i * 9600,
        sourceOffsetSamples: i * 100,
        lengthSamples: 4800 - i * 100,
      })),
    };
    await adapter.loadSongs(plan);
    await adapter.loadSongs(plan);
    const album = (await adapter.listTracks()).filter((t) => t.name === 'Album');
    expect(album).toHaveLength(1);
    expect(
      album[0]!.items.map((i) => [i.positionSamples, i.sourceOffsetSamples, i.lengthSamples]),
    ).toEqual([
      [96_000, 0, 4800],
      [105_600, 100, 4700],
    ]);
    await adapter.close();
  });

  it('saves the session with /save_state', async () => {
    const file = join(ardour.sessionDir, `${ardour.sessionName}.ardour`);
    osc.saveState();
    await waitUntil(
      async () => (await readFile(file, 'utf8')).includes('name="Mix – Café"'),
      'the saved session has the renamed track',
    );
  });
});
