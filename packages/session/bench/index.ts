// Runs every benchmark of @tapeop/session in turn: `npm run bench -w @tapeop/session`.
// Each benchmark file exports a `run()` that prints its own figures.
import * as snapshotDiff from './snapshot-diff.js';
import * as timeline from './timeline.js';

const benchmarks: Array<{ name: string; run: () => Promise<void> }> = [
  { name: 'timeline', run: timeline.run },
  { name: 'snapshot diff', run: snapshotDiff.run },
  { name: 'header scan of 500 files', run: (await import('./header-scan.js')).run },
];

for (const bench of benchmarks) {
  console.log(`\n== ${bench.name}`);
  await bench.run();
}
if (benchmarks.length === 0) console.log('no benchmarks in @tapeop/session yet');
