import type { Snapshot } from '@tapeop/core';
import { createReaperAdapter } from '../src/live/reaper-adapter.js';
import { genericPlugin } from '../src/sim/plugins.js';
import { startReaperSim } from '../src/sim/reaper-sim.js';
import { type Measured, measure, summarize } from './measure.js';

const TRACKS = 64;
const FX = 8;
const PARAMS = 32;

/** Captures and applies a 64-track × 8-plug-in × 32-parameter snapshot through the full path. */
export async function run(): Promise<void> {
  const plugins = Array.from({ length: FX }, (_, k) =>
    genericPlugin(`VST3: Bench ${k + 1} (tapeop)`, PARAMS),
  );
  const sim = await startReaperSim({ plugins });
  for (let t = 0; t < TRACKS; t++) {
    const track = sim.project.insertTrack(t);
    track.name = `Song ${t + 1}`;
    for (const plugin of plugins) sim.project.addFx(track, plugin);
  }
  const adapter = createReaperAdapter({
    host: sim.host,
    httpPort: sim.httpPort,
    oscPort: sim.oscPort,
  });
  try {
    await adapter.connect();
    const captures: Measured[] = [];
    let snapshot: Snapshot | undefined;
    for (let n = 0; n < 3; n++) {
      captures.push(
        await measure(adapter, async () => {
          snapshot = await adapter.captureSnapshot({ name: 'bench' });
        }),
      );
    }
    const params = snapshot!.tracks.reduce(
      (sum, t) => sum + t.fx.reduce((s, f) => s + f.params.length, 0),
      0,
    );
    console.log(
      `snapshot: ${snapshot!.tracks.length} tracks × ${FX} plug-ins × ${PARAMS} parameters (+3 REAPER wrapper parameters each) = ${params} parameters, ${(JSON.stringify(snapshot).length / 1e6).toFixed(1)} MB as JSON`,
    );
    console.log(summarize('capture snapshot', captures, 2000));

    const applies: Measured[] = [];
    let operations = 0;
    for (let n = 0; n < 3; n++) {
      // Every plug-in parameter of every track moves, plus each track's fader: the worst recall.
      const target = structuredClone(snapshot!);
      for (const track of target.tracks) {
        track.volumeDb = (track.volumeDb ?? 0) - 0.5;
        for (const fx of track.fx) {
          for (const p of fx.params.slice(0, PARAMS))
            p.normalized = Math.round(((p.normalized + 0.1 + n * 0.01) % 1) * 1e6) / 1e6;
        }
      }
      applies.push(
        await measure(adapter, async () => {
          operations = (await adapter.applySnapshot(target)).operations;
        }),
      );
      snapshot = target;
    }
    console.log(`apply: a recall plan of ${operations} operations changing every parameter`);
    console.log(summarize('apply snapshot (capture current + plan + apply)', applies, 2000));
  } finally {
    await adapter.close();
    await sim.close();
  }
}
