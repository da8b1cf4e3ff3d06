import { defineConfig } from 'vitest/config';

// Unit tests live beside the code (`*.test.ts`); e2e specs are Playwright's, not Vitest's.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.{ts,tsx}',
      'server/src/**/*.test.ts',
      'apps/*/src/**/*.test.{ts,tsx}',
    ],
    environment: 'node',
    testTimeout: 20_000,
  },
});
