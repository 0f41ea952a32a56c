import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.ts';

export default defineConfig({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, include: ['src/**/*.test.ts'], testTimeout: 120_000 },
});
