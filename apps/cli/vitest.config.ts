import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// End-to-end tests spawn `tapeop` processes and servers; they get more time than unit tests.
export default defineConfig({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, testTimeout: 60_000, hookTimeout: 60_000 },
});
