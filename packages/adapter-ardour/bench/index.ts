// Benchmarks of @tapeop/adapter-ardour against the real Ardour 7.3 (headless):
// `npm run bench -w @tapeop/adapter-ardour`. Figures vary with the machine's load; read the
// medians and the ratios, not single runs.
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadPlan, Session } from '@tapeop/core';
import { startArdour } from '../../../scripts/ardour-harness.js';
import {
  ArdourOsc,
  BridgeClient,
  createArdourAdapter,
  readArdourSession,
  writeArdourSession,
} from '../src/index.js';
import { makeAlbum } from '../test/support/album.js';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

async function sessionFiles() {
  const dir = await mkdtemp(join(tmpdir(), 'tapeop-ardour-bench-'));
  const songs = Array.from({ length: 99 }, (_, i) => i);
  const session = {
    schema: 'Session.1',
    id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    album: { title: 'Long Album' },
    sampleRate: 48_000,
    songs: songs.map((i) => ({
      id: `s${i}`,
      title: `Song ${i}`,
      source: {
        path: `m${i}.wav`,
        container: 'wav',
        codec: 'pcm-int',
        sampleRate: 48_000,
        bitDepth: 24,
        channels: 2,
        frames: 48_000,
        durationSec: 1,
      },
    })),
    sequence: { entries: [] },
  } as unknown as Session;
  const { writeFile } = await import('node:fs/promises');
  for (const i of songs) await writeFile(join(dir, `m${i}.wav`), Buffer.alloc(64));
  const plan: LoadPlan = {
    sampleRate: 48_000,
    layout: 'track-per-song',
    songs: songs.map((i) => ({
      songId: `s${i}`,
      title: `Song ${i}`,
      trackName: `${i} Song`,
      filePath: join(dir, `m${i}.wav`),
      positionSamples: i * 96_000,
      sourceOffsetSamples: 0,
      lengthSamples: 48_000,
    })),
  };
  const writes: number[] = [];
  const reads: number[] = [];
  for (let run = 0; run < 5; run++) {
    const [w, result] = await time(() =>
      writeArdourSession(session, join(dir, `Album ${run}`), { plan }),
    );
    writes.push(w);
    reads.push((await time(() => readArdourSession(result.path)))[0]);
  }
  await rm(dir, { recursive: true, force: true });
  console.log(
    `writeArdourSession, 99 songs: median ${ms(median(writes))}; readArdourSession: median ${ms(median(reads))}`,
  );
}

async function live() {
  const startups: number[] = [];
  for (let run = 0; run < 3; run++) {
    const ardour = await startArdour();
    startups.push(ardour.startupMs);
    await ardour.stop();
  }
  console.log(
    `headless Ardour start until OSC answers: ${startups.map((n) => `${n} ms`).join(', ')} (median ${median(startups)} ms)`,
  );

  const album = await makeAlbum();
  const ardour = await startArdour();
  try {
    // OSC round trips: tapeop's client (osc-js, queue, decoding) against a bare node:dgram socket
    // sending the same bytes, in the same run.
    const osc = new ArdourOsc({ port: ardour.oscPort });
    await osc.connect();
    const ours: number[] = [];
    for (let i = 0; i < 200; i++) ours.push((await time(() => osc.transportSample()))[0]);
    const raw = createSocket('udp4');
    await new Promise<void>((ok) => raw.bind(0, '127.0.0.1', () => ok()));
    const request = Buffer.from('/transport_frame\0\0\0\0,\0\0\0', 'latin1');
    const bare: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      await new Promise<void>((ok) => {
        raw.once('message', () => ok());
        raw.send(request, ardour.oscPort, '127.0.0.1');
      });
      bare.push(performance.now() - start);
    }
    raw.close();
    const lists: number[] = [];
    for (let i = 0; i < 50; i++) lists.push((await time(() => osc.listStrips()))[0]);
    console.log(
      `OSC /transport_frame round trip: median ${ms(median(ours))} (p95 ${ms(p95(ours))}); bare dgram ${ms(median(bare))} (p95 ${ms(p95(bare))}); ratio ${(median(ours) / median(bare)).toFixed(2)}`,
    );
    console.log(
      `OSC /strip/list until end_route_list: median ${ms(median(lists))} (p95 ${ms(p95(lists))})`,
    );

    const bridge = new BridgeClient({ osc, configDir: ardour.configDir });
    const calls: number[] = [];
    for (let i = 0; i < 50; i++) calls.push((await time(() => bridge.call('describe')))[0]);
    console.log(
      `bridge round trip (describe, headless mailbox polled every 20 ms): median ${ms(median(calls))} (p95 ${ms(p95(calls))})`,
    );
    await osc.close();

    const adapter = createArdourAdapter({ configDir: ardour.configDir, timeoutMs: 5000 });
    await adapter.connect();
    const [first] = await time(() => adapter.loadSongs(album.plan));
    const [again] = await time(() => adapter.loadSongs(album.plan));
    const [markers] = await time(() => adapter.writeMarkers(album.markers));
    const [capture] = await time(() => adapter.captureSnapshot());
    console.log(
      `3-song album: first load ${ms(first)} (import by session reload), load again ${ms(again)}, ${album.markers.length} markers ${ms(markers)}, snapshot capture ${ms(capture)}`,
    );
    await adapter.close();
  } finally {
    await ardour.stop();
    await rm(album.dir, { recursive: true, force: true });
  }
}

async function gui() {
  const [startup, ardour] = await time(() => startArdour({ gui: true }));
  try {
    const osc = new ArdourOsc({ port: ardour.oscPort });
    await osc.connect();
    const bridge = new BridgeClient({ osc, configDir: ardour.configDir, actionSlot: 32 });
    const calls: number[] = [];
    for (let i = 0; i < 50; i++) calls.push((await time(() => bridge.call('describe')))[0]);
    console.log(
      `GUI under Xvfb: start until OSC answers ${ms(startup)}; bridge round trip (describe, OSC /access_action): median ${ms(median(calls))} (p95 ${ms(p95(calls))})`,
    );
    await osc.close();
  } finally {
    await ardour.stop();
  }
}

console.log('== offline session files');
await sessionFiles();
console.log('\n== live, against headless Ardour 7.3');
await live();
console.log('\n== live, against Ardour 7.3 with its GUI under Xvfb');
await gui();
