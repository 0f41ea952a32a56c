import { createSocket } from 'node:dgram';
import { createMemoryLogger, type DawEvent } from '@tapeop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { f, i, type OscFeedback, ReaperOscClient } from '../live/osc-client.js';
import { createReaperAdapter } from '../live/reaper-adapter.js';
import { findPlugin } from './plugins.js';
import { faderFromGain, gainFromFader, PLAY } from './project-model.js';
import { type ReaperSim, startReaperSim } from './reaper-sim.js';

const closers: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const sim = await startReaperSim({ bridge: 'absent' });
  closers.push(() => sim.close());
  for (const name of ['Song 1', 'Song 2']) {
    const t = sim.project.insertTrack(sim.project.tracks.length);
    t.name = name;
    sim.project.addFx(t, findPlugin(sim.app.plugins, 'ReaEQ')!);
  }
  const client = new ReaperOscClient({ host: sim.host, port: sim.oscPort });
  await client.open();
  closers.push(() => client.close());
  const received: OscFeedback[] = [];
  client.on('message', (m: OscFeedback) => received.push(m));
  return { sim, client, received };
}

const until = async (check: () => boolean, what: string) => {
  for (let n = 0; n < 100 && !check(); n++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe("the simulator's OSC surface", () => {
  it('changes the project from typed OSC messages, routed by the pattern file', async () => {
    const { sim, client } = await setup();
    const [t1, t2] = sim.project.tracks as [
      ReaperSim['project']['tracks'][0],
      ReaperSim['project']['tracks'][0],
    ];
    client.setTrackVolumeDb(1, -3.5);
    client.setFxParam(2, 1, 2, 0.75);
    client.setTrackMute(1, true);
    client.setTrackPan(2, -0.5);
    client.send('/track/1/fx/1/fxparam/1,2/value', f(0.1), f(0.2));
    client.play();
    await until(() => (sim.project.playStateBits & PLAY) !== 0, 'play');
    expect(20 * Math.log10(t1.vol)).toBeCloseTo(-3.5, 5);
    expect(t2.fx[0]!.values[1]).toBeCloseTo(0.75, 6);
    expect(t1.mute).toBe(true);
    expect(t2.pan).toBeCloseTo(-0.5, 6);
    expect(t1.fx[0]!.values.slice(0, 2).map((v) => Number(v.toFixed(6)))).toEqual([0.1, 0.2]);
    client.send('/track/1/volume', f(faderFromGain(0.25)));
    await until(() => Math.abs(t1.vol - 0.25) < 1e-6, 'fader volume (an OSC float has 24 bits)');
    expect(gainFromFader(faderFromGain(0.5))).toBeCloseTo(0.5, 9);
  });

  it('addresses tracks within the selected bank, and 0 as the master', async () => {
    const { sim, client } = await setup();
    client.send('/device/track/count', i(1));
    client.send('/device/track/bank/select', i(2));
    client.send('/track/1/mute', i(1));
    client.send('/track/0/volume/db', f(-1));
    await until(() => sim.project.tracks[1]!.mute, 'bank 2 mute');
    expect(sim.project.tracks[0]!.mute).toBe(false);
    await until(
      () => Math.abs(20 * Math.log10(sim.project.master.vol) + 1) < 1e-9,
      'master volume',
    );
  });

  it('sends feedback for changes made elsewhere, bundled and typed', async () => {
    const { sim, client, received } = await setup();
    client.refresh(); // registers this device and asks for the whole state
    await until(() => received.some((m) => m.address === '/track/2/name'), 'refresh');
    expect(received.find((m) => m.address === '/track/2/name')!.args).toEqual(['Song 2']);
    expect(received.find((m) => m.address === '/track/1/fx/1/name')!.args).toEqual([
      'VST: ReaEQ (Cockos)',
    ]);
    received.length = 0;
    const res = await fetch(`${sim.url}/_/SET/TRACK/2/VOL/0.5;SET/TRACK/2/MUTE/1;1007`);
    expect(res.status).toBe(200);
    await until(
      () =>
        received.some((m) => m.address === '/track/2/volume/db') &&
        received.some((m) => m.address === '/play'),
      'feedback',
    );
    const db = received.find((m) => m.address === '/track/2/volume/db')!.args[0] as number;
    expect(db).toBeCloseTo(20 * Math.log10(0.5), 4);
    expect(received.find((m) => m.address === '/track/2/volume/str')!.args[0]).toBe('-6.02dB');
    expect(received.find((m) => m.address === '/track/2/mute')!.args[0]).toBe(1);
    expect(received.find((m) => m.address === '/play')!.args[0]).toBe(1);
    expect(received.some((m) => m.address === '/track/volume/db')).toBe(false); // track 2 is not the device's selected track
  });

  it('ignores packets that are not OSC and addresses the pattern file does not list', async () => {
    const { sim, client } = await setup();
    const raw = createSocket('udp4');
    closers.push(() => new Promise<void>((r) => raw.close(() => r())));
    await new Promise<void>((r) =>
      raw.send(Buffer.from('hello REAPER'), sim.oscPort, sim.host, () => r()),
    );
    client.send('/track/1/unknown', f(1));
    client.send('/track/1/solo', i(1));
    await until(() => sim.project.tracks[0]!.solo === 1, 'solo after junk');
    expect(sim.osc.received.map((m) => m.address)).toContain('/track/1/unknown');
  });

  it("turns feedback and polling into the adapter's events", async () => {
    const sim = await startReaperSim();
    closers.push(() => sim.close());
    const t = sim.project.insertTrack(0);
    t.name = 'Song 1';
    const adapter = createReaperAdapter({
      host: sim.host,
      httpPort: sim.httpPort,
      oscPort: sim.oscPort,
      pollMs: 50,
      logger: createMemoryLogger(),
    });
    closers.push(() => adapter.close());
    const events: DawEvent[] = [];
    adapter.subscribe((e) => events.push(e));
    await adapter.connect();
    expect(events[0]).toEqual({ type: 'connection', state: 'connected' });
    await until(() => events.some((e) => e.type === 'transport'), 'first poll');
    sim.project.setTrack(t, 'vol', 0.5);
    await until(
      () => events.some((e) => e.type === 'track-changed' && e.changes.volumeDb !== undefined),
      'track event',
    );
    const change = events.find(
      (e) => e.type === 'track-changed' && e.changes.volumeDb !== undefined,
    ) as Extract<DawEvent, { type: 'track-changed' }>;
    expect(change.index).toBe(0);
    expect(change.changes.volumeDb).toBeCloseTo(-6.0206, 3);
    sim.project.addMarker(false, 3, 0, 'new', -1, 0);
    await until(() => events.some((e) => e.type === 'markers-changed'), 'markers event');
    adapter.osc!.setTrackMute(1, true);
    await until(() => t.mute, 'mute over OSC');
  });
});
