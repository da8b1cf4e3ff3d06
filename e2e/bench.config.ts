import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** `npm run bench`: the same harness as the e2e suite, running the long measurements in e2e/bench/. */
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  timeout: 300_000,
  retries: 0,
});
