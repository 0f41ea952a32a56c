import type { ViteUserConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@tapeop/source`
// export condition, so tests never need a prior build.
export const sharedTestConfig: ViteUserConfig = {
  resolve: { conditions: ['@tapeop/source'] },
  ssr: { resolve: { conditions: ['@tapeop/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    // Hooks make fixtures (audio files, servers); on a loaded shared machine 10 s is not enough.
    hookTimeout: 60_000,
  },
};
