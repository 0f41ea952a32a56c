import { defineConfig } from 'tsup';

// The worker is its own entry: analysis threads load dist/analysis-worker.js next to index.js.
export default defineConfig({
  entry: { index: 'src/index.ts', 'analysis-worker': 'src/analysis-worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
