import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'sim/index': 'src/sim/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
