// Runs every benchmark of @tapeop/adapter-reaper in turn: `npm run bench -w @tapeop/adapter-reaper`.
// Each benchmark file exports a `run()` that prints its own figures.
const benchmarks: Array<{ name: string; run: () => Promise<void> }> = [];

for (const bench of benchmarks) {
  console.log(`\n== ${bench.name}`);
  await bench.run();
}
if (benchmarks.length === 0) console.log('no benchmarks in @tapeop/adapter-reaper yet');

export {};
