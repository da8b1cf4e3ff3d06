import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { SourceInfo, SourceProtocol } from '@brume/protocol';
import { expect, fetchStreamInfo, median, percentile, test } from '../fixtures';
import { DashJsPage } from '../pages/dash-js-page';
import { HlsJsPage } from '../pages/hls-js-page';
import { WsMp4Page } from '../pages/ws-mp4-page';
import { installProbeOnNavigation, readProbe, type ProbeReading } from '../probe/probe-script';

/**
 * Glass-to-glass latency and time to first frame per delivery protocol, all measured the same way:
 * the latency probe reads the test-pattern timecode off every frame the <video> presents. One
 * publisher (studio test pattern, 1280×720 at 30 fps, H.264 + Opus); then, per protocol, JOINS fresh
 * pages one after another, each joining mid-stream and watching until FRAMES timecodes were read.
 * WHEP plays through the Brume player's demo page; WebSocket, LL-HLS and LL-DASH through bare
 * clients (a minimal MSE client, hls.js, dash.js). A protocol the stream does not list is skipped.
 */
const JOINS = Number(process.env.BENCH_JOINS ?? 3);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 300);
/** Only these protocols (comma-separated `SourceProtocol`s, e.g. `ll-hls,ll-dash`); default: all. */
const ONLY = process.env.BENCH_PROTOCOLS?.split(',').map((protocol) => protocol.trim());
/** A join that has not read FRAMES timecodes by then failed: FRAMES at 30 fps plus a slow start. */
const JOIN_TIMEOUT_MS = (FRAMES / 30) * 1000 + 30_000;

interface Client {
  label: string;
  protocol: SourceProtocol;
  /** Navigates `page` and starts playing `source`; the probe must see the first frame. */
  open(page: Page, source: SourceInfo, stream: string): Promise<void>;
}

/**
 * WHEP runs last: a closed browser context sends no DELETE and the relay keeps forwarding to its
 * viewer session until the stream ends, which would load the machine during the other protocols.
 */
const clients: Client[] = [
  {
    label: 'WebSocket fMP4 (MSE)',
    protocol: 'ws-mp4',
    open: async (page, source) => {
      await new WsMp4Page(page).open(source.url);
    },
  },
  {
    label: 'LL-HLS (hls.js)',
    protocol: 'll-hls',
    open: async (page, source) => {
      await new HlsJsPage(page).open(source.url);
    },
  },
  {
    label: 'LL-DASH (dash.js)',
    protocol: 'll-dash',
    open: async (page, source) => {
      await new DashJsPage(page).open(source.url);
    },
  },
  {
    label: 'WHEP (Brume player)',
    protocol: 'whep',
    open: async (page, _source, stream) => {
      await installProbeOnNavigation(page);
      await page.goto(`/?stream=${encodeURIComponent(stream)}`);
    },
  },
];

/** The probe's reading once it holds `count` timecodes, or whatever it has at `timeoutMs`. */
async function readUntil(page: Page, count: number, timeoutMs: number): Promise<ProbeReading> {
  const deadline = Date.now() + timeoutMs;
  let reading = await readProbe(page);
  while (reading.samples.length < count && Date.now() < deadline) {
    await page.waitForTimeout(250);
    reading = await readProbe(page);
  }
  return reading;
}

interface Run {
  protocol: string;
  join: number;
  /** Navigation start → first presented frame. */
  ttffMs: number;
  medianMs: number;
  p95Ms: number;
  frames: number;
}

test('latency and time to first frame per protocol', async ({ stream, openStudio, openPlayer }) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  // Let the encoder ramp its bitrate up, as a viewer joining a running show would see it.
  await studio.page.waitForTimeout(3_000);

  const info = await fetchStreamInfo(studio.page.request, stream);
  const runs: Run[] = [];
  const summary: Record<string, unknown>[] = [];
  const skipped: string[] = [];
  // A client that cannot play is reported and the bench goes on with the next protocol; it still
  // fails at the end, once every figure is written.
  const failures: string[] = [];
  for (const client of clients.filter((candidate) => !ONLY || ONLY.includes(candidate.protocol))) {
    const source = info.sources.find((candidate) => candidate.protocol === client.protocol);
    if (!source) {
      console.warn(`${client.label}: not listed for the stream, skipped`);
      skipped.push(client.label);
      continue;
    }
    const all: number[] = [];
    const ttffs: number[] = [];
    for (let join = 1; join <= JOINS; join++) {
      const { page } = await openPlayer();
      await client.open(page, source, stream);
      const reading = await readUntil(page, FRAMES, JOIN_TIMEOUT_MS);
      await page.context().close();
      if (reading.samples.length < FRAMES) {
        failures.push(
          `${client.label} join ${join}: ${reading.samples.length} of ${FRAMES} timecodes read ` +
            `(${reading.frames} frames presented) in ${JOIN_TIMEOUT_MS / 1000} s`,
        );
        break;
      }
      const samples = reading.samples.slice(-FRAMES);
      all.push(...samples);
      const ttffMs = Math.round(reading.firstFrameAt ?? NaN);
      ttffs.push(ttffMs);
      runs.push({
        protocol: client.label,
        join,
        ttffMs,
        medianMs: Math.round(median(samples)),
        p95Ms: Math.round(percentile(samples, 95)),
        frames: samples.length,
      });
    }
    if (all.length === 0) continue;
    summary.push({
      protocol: client.label,
      latencyMedianMs: Math.round(median(all)),
      latencyP95Ms: Math.round(percentile(all, 95)),
      ttffMedianMs: Math.round(median(ttffs)),
      frames: all.length,
    });
  }
  console.table(runs);
  console.table(summary);
  mkdirSync('e2e/test-results', { recursive: true });
  writeFileSync(
    'e2e/test-results/bench-protocols.json',
    JSON.stringify({ joins: JOINS, framesPerJoin: FRAMES, summary, skipped, failures, runs }, null, 2),
  );
  expect(failures).toEqual([]);
});
