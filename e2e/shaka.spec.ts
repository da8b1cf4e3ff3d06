import type { SourceProtocol } from '@brume/protocol';
import {
  errorsBeyondEnd,
  expect,
  expectFramesAdvance,
  fetchStreamInfo,
  lastDashSegment,
  test,
} from './fixtures';
import { ShakaPage } from './pages/shaka-page';
import { summarizeLatency } from './probe/latency-summary';

/** shaka.util.Error.Severity.CRITICAL */
const CRITICAL = 2;

const cases: { protocol: SourceProtocol; manifestType: string }[] = [
  { protocol: 'll-hls', manifestType: 'HLS' },
  { protocol: 'll-dash', manifestType: 'DASH' },
];

for (const { protocol, manifestType } of cases) {
  test(`shaka-player in low-latency mode plays the studio test pattern over ${protocol}`, async ({
    stream,
    openStudio,
    openPlayer,
  }) => {
    const studio = await (await openStudio()).open(stream, 'pattern');
    await studio.goLive();

    const viewer = await openPlayer();
    const info = await fetchStreamInfo(viewer.page.request, stream);
    expect(info.state).toBe('live');
    // The listing itself is checked by hls-js.spec.ts and dash-js.spec.ts.
    const source = info.sources.find((candidate) => candidate.protocol === protocol);
    expect(source).toBeDefined();

    const page = await new ShakaPage(viewer.page).open(source!.url);
    await expect.poll(async () => (await page.state()).loaded, { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await page.state()).videoWidth, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await page.state()).paused, { timeout: 15_000 }).toBe(false);
    await expectFramesAdvance(page);
    const playing = await page.state();
    expect(playing.error).toBeNull();
    expect(playing.errors.filter((error) => error.severity === CRITICAL)).toEqual([]);
    expect(playing.manifestType).toBe(manifestType);
    expect(playing.live).toBe(true);
    expect(playing.audioVariants).toBeGreaterThan(0);
    await expect
      .poll(async () => (await page.state()).audioDecodedBytes, { timeout: 5_000 })
      .toBeGreaterThan(playing.audioDecodedBytes);

    // Printed, not asserted: this machine is shared and noisy.
    const reading = await page.latency();
    expect(reading.samples.length).toBeGreaterThan(0);
    console.log(
      `${protocol} (shaka) glass-to-glass latency: ${JSON.stringify({
        ...summarizeLatency(reading),
        shakaLatencyMs: Math.round(playing.latency * 1000),
        recoverableErrors: playing.errors.map((error) => error.code),
      })}`,
    );

    // The publish ends (EXT-X-ENDLIST / a static MPD): shaka turns the presentation into VOD and
    // plays out what it has.
    await studio.stop();
    await expect.poll(async () => (await page.state()).live, { timeout: 15_000 }).toBe(false);
    await expect.poll(() => page.countPresentedFrames(500), { timeout: 15_000 }).toBe(0);
    const ended = await page.state();
    expect(ended.error).toBeNull();
    const critical = ended.errors.filter((error) => error.severity === CRITICAL);
    if (protocol === 'll-dash') {
      // Only 404s for segments after the end, asked before shaka refreshed the MPD; shaka retries
      // live failures and then plays the static presentation out.
      const finalMpd = await (await viewer.page.request.get(source!.url)).text();
      const { beyond, other } = errorsBeyondEnd(critical, lastDashSegment(finalMpd));
      expect(other).toEqual([]);
      if (beyond.length > 0)
        console.log(`shaka: ${beyond.length} request(s) past the end got 404 before the MPD refresh`);
    } else {
      expect(critical).toEqual([]);
    }
  });
}
