import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * End-to-end tests run Debian's Chromium (Playwright cannot download browsers here) against the real
 * server, started once for the whole run. scripts/e2e.mjs runs all of it inside a private network
 * namespace (see there), so no media leaves the machine.
 */
const chromium = process.env.BRUME_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(
    `Chromium not found at ${chromium}. Install it with "sudo apt-get install -y chromium" ` +
      '(or point BRUME_CHROMIUM at a Chromium binary), then run "npm test" again.',
  );
}

export const E2E_PORT = Number(process.env.BRUME_E2E_PORT ?? 8091);
const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  // Media tests share two cores: one at a time keeps frame timing (and latency figures) meaningful.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
        // Offer plain IP candidates rather than mDNS names (the server does not resolve mDNS on a test box).
        '--disable-features=WebRtcHideLocalIpsWithMdns',
        '--disable-background-timer-throttling',
        '--disable-renderer-backgrounding',
        '--disable-backgrounding-occluded-windows',
      ],
    },
  },
  webServer: {
    command: `node --import tsx server/src/main.ts --port ${E2E_PORT} --host localhost`,
    cwd: root,
    url: `http://localhost:${E2E_PORT}/api/streams`,
    // Set by scripts/e2e.mjs when it isolates the run in a network namespace.
    env: process.env.BRUME_ICE_HOSTS ? { BRUME_ICE_HOSTS: process.env.BRUME_ICE_HOSTS } : {},
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
