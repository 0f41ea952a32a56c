import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared';

// passWithNoTests only while the package is being filled in; remove it with the first tests.
export default defineConfig({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, passWithNoTests: true },
});
