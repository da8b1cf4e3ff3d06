import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** `npm run bench`: the same harness as the e2e suite, running the long measurements in e2e/bench/. */
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  // The protocol bench runs 4 protocols × 3 joins × 300 frames (~4 min on an idle machine).
  timeout: 600_000,
  retries: 0,
});
