// Runs every benchmark of @tapeop/delivery in turn: `npm run bench -w @tapeop/delivery`.
// Each benchmark prints its own figures; the machine is shared, so read them as ratios.
import { run80MinuteDdp } from './ddp-write.js';

const benchmarks: Array<{ name: string; run: () => Promise<void> }> = [
  { name: 'writeDdp: an 80-minute DDP next to cp of the same bytes', run: run80MinuteDdp },
];

for (const bench of benchmarks) {
  console.log(`\n== ${bench.name}`);
  await bench.run();
}
