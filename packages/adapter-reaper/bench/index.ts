// Runs every benchmark of @tapeop/adapter-reaper in turn: `npm run bench -w @tapeop/adapter-reaper`.
// Each benchmark file exports a `run()` that prints its own figures. The live ones run against
// the REAPER simulator through the full path: HTTP → ExtState mailbox → the bridge in Lua →
// model; the offline one writes and reads .RPP text.
import { run as albumLoad } from './album-load.js';
import { run as rpp } from './rpp.js';
import { run as snapshot } from './snapshot.js';

const benchmarks: Array<{ name: string; run: () => Promise<void> }> = [
  { name: '20-song album: load and CD markers (target < 1 s)', run: albumLoad },
  { name: '64 × 8 × 32 snapshot: capture and apply (target < 2 s each)', run: snapshot },
  {
    name: 'offline project: 99 songs × 8 plug-ins with state, written and read (no REAPER)',
    run: rpp,
  },
];

for (const bench of benchmarks) {
  console.log(`\n== ${bench.name}`);
  await bench.run();
}
