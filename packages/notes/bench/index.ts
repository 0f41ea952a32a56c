// Runs every benchmark of @tapeop/notes in turn: `npm run bench -w @tapeop/notes`.
// Each benchmark prints its figures and its ratio against a reference run in the same process.
import { run as journal } from './journal-bench.js';

const benchmarks: Array<{ name: string; run: () => Promise<void> }> = [
  { name: 'journal', run: journal },
];

for (const bench of benchmarks) {
  console.log(`\n== ${bench.name}`);
  await bench.run();
}
