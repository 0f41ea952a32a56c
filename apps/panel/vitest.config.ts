import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Unit tests (src/) run in Node. The browser tests (e2e/) drive Debian's Chromium against
// `tapeop serve` and the REAPER simulator; the global setup builds the panel first, so that
// `npm test` on a fresh clone needs no other step.
export default defineConfig({
  ...sharedTestConfig,
  test: {
    ...sharedTestConfig.test,
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['e2e/build-panel.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
