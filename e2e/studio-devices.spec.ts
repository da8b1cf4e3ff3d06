import { expect, test } from './fixtures';
import { StudioPage } from './pages/studio-page';

/**
 * What a user sees when the browser refuses a device: the studio page runs with getUserMedia /
 * getDisplayMedia answering as Chromium does when the user blocks the camera, has none, or cancels
 * the screen picker (a DOMException by name; the fake-device flags cannot produce these), then
 * allowed again for Retry.
 */
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const devices = navigator.mediaDevices;
    const w = window as unknown as { __refuse?: string };
    for (const method of ['getUserMedia', 'getDisplayMedia'] as const) {
      const real = devices[method].bind(devices) as (c?: MediaStreamConstraints) => Promise<MediaStream>;
      devices[method] = (constraints?: MediaStreamConstraints) =>
        w.__refuse
          ? Promise.reject(new DOMException(`${method} refused (test)`, w.__refuse))
          : real(constraints);
    }
  });
});

async function openRefused(page: StudioPage['page'], source: 'camera' | 'screen', refusal: string) {
  await page.addInitScript((name) => {
    (window as unknown as { __refuse?: string }).__refuse = name;
  }, refusal);
  await page.goto(`/studio/?stream=devices&source=${source}`);
  const studio = new StudioPage(page);
  await expect(studio.sourceRow(source)).toHaveAttribute('data-status', 'error', { timeout: 20_000 });
  return studio;
}

test('a denied camera says how to allow it, and Retry brings it live once allowed', async ({ page }) => {
  const studio = await openRefused(page, 'camera', 'NotAllowedError');
  const problem = studio.sourceRow('camera').getByTestId('source-error');
  await expect(problem).toContainText('access was denied');
  await expect(problem).toContainText('site settings');
  await expect(problem).toHaveAttribute('role', 'alert');

  await page.evaluate(() => delete (window as unknown as { __refuse?: string }).__refuse);
  await problem.getByRole('button', { name: 'Retry' }).click();
  await expect(studio.sourceRow('camera')).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
  await expect(studio.sourceRow('camera').getByTestId('source-error')).toHaveCount(0);
});

test('a missing camera asks for another device', async ({ page }) => {
  const studio = await openRefused(page, 'camera', 'NotFoundError');
  await expect(studio.sourceRow('camera').getByTestId('source-error')).toContainText(
    'not available. Pick another device',
  );
});

test('a busy camera says another application holds it', async ({ page }) => {
  const studio = await openRefused(page, 'camera', 'NotReadableError');
  await expect(studio.sourceRow('camera').getByTestId('source-error')).toContainText(
    'in use by another application',
  );
});

test('a cancelled screen picker is reported on the screen source', async ({ page }) => {
  const studio = await openRefused(page, 'screen', 'NotAllowedError');
  await expect(studio.sourceRow('screen').getByTestId('source-error')).toContainText(
    'Screen sharing was cancelled',
  );
});
