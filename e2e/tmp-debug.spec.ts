import { test } from '@playwright/test';
test('debug studio', async ({ page }) => {
  test.setTimeout(60_000);
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  page.on('response', (r) => { if (r.status() >= 400) console.log('HTTP', r.status(), r.url()); });
  await page.goto('/studio/?stream=dbg&source=pattern');
  for (let i = 0; i < 8; i++) {
    const result = await Promise.race([
      page.evaluate(() => document.querySelectorAll('[data-testid=source-row]').length + ' rows; ' + (document.querySelector('[data-testid=source-row]')?.getAttribute('data-status') ?? '') + ' ready=' + String(Boolean((window as any).__brumeStudio?.studio))),
      new Promise((r) => setTimeout(() => r('TIMEOUT (main thread busy)'), 2000)),
    ]);
    console.log('T', i, result);
    await page.waitForTimeout(500).catch(() => {});
  }
});
