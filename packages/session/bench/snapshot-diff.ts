// diffSnapshots of two 64-track × 8-plug-in × 64-parameter snapshots (target: under 50 ms),
// against JSON.stringify of both snapshots and a string comparison in the same run: the
// cheapest way to learn *whether* anything changed, which the diff must beat-or-approach while
// also saying *what* changed. planRecall on the same pair is printed alongside.
import type { FxState, ParamState, Snapshot, TrackState } from '@tapeop/core';
import { diffSnapshots } from '../src/recall/diff-snapshots.js';
import { planRecall } from '../src/recall/plan-recall.js';

const TRACKS = 64;
const FX = 8;
const PARAMS = 64;
const TARGET_MS = 50;

/** A small deterministic generator (mulberry32), so every run diffs the same snapshots. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLUGINS = [
  'Pro-Q 3',
  'Pro-C 2',
  'Pro-MB',
  'Saturn 2',
  'Pro-L 2',
  'ReaEQ',
  'Ozone 11',
  'ReaLimit',
];

function makeSnapshot(rand: () => number): Snapshot {
  const tracks: TrackState[] = [];
  for (let t = 0; t < TRACKS; t++) {
    const fx: FxState[] = [];
    for (let f = 0; f < FX; f++) {
      const params: ParamState[] = [];
      for (let p = 0; p < PARAMS; p++) {
        const normalized = Math.round(rand() * 1000) / 1000;
        params.push({
          index: p,
          name: `Band ${(p >> 3) + 1} ${['Frequency', 'Gain', 'Q', 'Shape', 'Slope', 'Mix', 'Attack', 'Release'][p % 8]}`,
          normalized,
          formatted: `${normalized * 24 - 12 >= 0 ? '+' : ''}${(normalized * 24 - 12).toFixed(1)} dB`,
          unit: 'dB',
        });
      }
      const name = PLUGINS[(t + f) % PLUGINS.length] as string;
      fx.push({
        guid: `{FX-${t}-${f}}`,
        name,
        plugin: { id: `VST3:${name}`, format: 'VST3', vendor: 'Bench' },
        enabled: true,
        params,
      });
    }
    tracks.push({
      guid: `{TRACK-${t}}`,
      name: `${String(t + 1).padStart(2, '0')} Song ${t + 1}`,
      index: t,
      songId: `song-${t + 1}`,
      volumeDb: -Math.round(rand() * 60) / 10,
      pan: 0,
      width: 1,
      mute: false,
      solo: false,
      phaseInvert: false,
      fx,
    });
  }
  return {
    schema: 'Snapshot.1',
    id: '01M7X042E0V5QP5JMPNNVHAH9N',
    capturedAt: '2026-11-20T17:30:00Z',
    source: { daw: 'REAPER', adapter: 'reaper' },
    sampleRate: 44100,
    tracks,
  };
}

/** A revision as sessions have them: a few percent of parameters, some levels, some chains. */
function revise(a: Snapshot, rand: () => number): Snapshot {
  const b = structuredClone(a);
  for (const track of b.tracks) {
    if (rand() < 0.2) track.volumeDb = (track.volumeDb ?? 0) + 0.5;
    for (const fx of track.fx) {
      for (const param of fx.params) {
        if (rand() < 0.03) param.normalized = Math.round(rand() * 1000) / 1000;
      }
      if (rand() < 0.05) fx.enabled = !fx.enabled;
    }
    if (rand() < 0.1) track.fx.push(track.fx.shift() as FxState); // first plug-in moved to the end
  }
  b.tracks.splice(10, 0, ...b.tracks.splice(40, 2)); // two songs moved up the album
  return b;
}

/** Median time per call in ms over `rounds` rounds of `perRound` calls each. */
function measure(fn: () => unknown, rounds = 21, perRound = 5): { median: number; max: number } {
  for (let i = 0; i < perRound * 4; i++) fn(); // warm up the JIT
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6 / perRound);
  }
  times.sort((x, y) => x - y);
  return {
    median: times[Math.floor(times.length / 2)] as number,
    max: times[times.length - 1] as number,
  };
}

export async function run(): Promise<void> {
  const a = makeSnapshot(random(1));
  const b = revise(a, random(2));
  const changes = diffSnapshots(a, b).changes.length;
  const operations = planRecall(a, b).operations.length;

  const diff = measure(() => diffSnapshots(a, b));
  const same = measure(() => diffSnapshots(a, a));
  const json = measure(() => JSON.stringify(a) === JSON.stringify(b));
  const plan = measure(() => planRecall(a, b));
  const verdict = diff.median < TARGET_MS ? 'meets' : 'MISSES';
  const size = `${TRACKS} tracks × ${FX} plug-ins × ${PARAMS} parameters`;
  console.log(
    `diffSnapshots, ${size} (${changes} changes): ${diff.median.toFixed(2)} ms per call (median of 21 rounds; slowest round ${diff.max.toFixed(2)} ms); target < ${TARGET_MS} ms: ${verdict}`,
  );
  console.log(`diffSnapshots of a snapshot with itself: ${same.median.toFixed(2)} ms`);
  console.log(
    `JSON.stringify of both + string comparison: ${json.median.toFixed(2)} ms; diffSnapshots / JSON comparison = ${(diff.median / json.median).toFixed(2)}`,
  );
  console.log(
    `planRecall of the same pair (${operations} operations): ${plan.median.toFixed(2)} ms per call`,
  );
}
