import { defineConfig } from 'vite';

// The panel is static files that `tapeop serve` hands out from dist/. `npm run dev` serves the
// sources with hot reload and forwards /rpc to a running hub (TAPEOP_HUB, default
// 127.0.0.1:7460); start that hub with --allow-origin http://localhost:5173.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Chromium, Firefox and Safari all support modulepreload: no polyfill in the bundle.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/rpc': { target: `ws://${process.env.TAPEOP_HUB ?? '127.0.0.1:7460'}`, ws: true },
    },
  },
});
