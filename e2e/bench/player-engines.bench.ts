import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, median, percentile, test } from '../fixtures';
import { installProbeOnNavigation, readProbe } from '../probe/probe-script';
import type { PlayerPage } from '../pages/player-page';

/**
 * The whole player (demo page: core + skin), per engine: time to first frame (navigation start →
 * first presented frame, read by the latency probe) and glass-to-glass latency over FRAMES
 * timecodes, JOINS joins each, all on one running publish. Then the fallback: WHEP refused at
 * the network, so the player has to fail over to the WebSocket engine — time to first frame
 * compared with forcing the WebSocket engine directly.
 */
const JOINS = Number(process.env.BENCH_JOINS ?? 3);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 150);
const ENGINES = (process.env.BENCH_ENGINES ?? 'mse-ws,hlsjs,dashjs,shaka,vhs,native,whep').split(',');
const PROTOCOL: Record<string, string> = {
  whep: 'whep',
  'mse-ws': 'ws-mp4',
  hlsjs: 'll-hls',
  dashjs: 'll-dash',
  shaka: 'll-hls',
  vhs: 'll-hls',
  native: 'mp4',
};

interface Row {
  case: string;
  ttffMedianMs: number;
  ttffMaxMs: number;
  latencyMedianMs: number | null;
  latencyP95Ms: number | null;
  joins: number;
}

async function join(
  openPlayer: () => Promise<PlayerPage>,
  stream: string,
  params: Record<string, string>,
  refuseWhep = false,
): Promise<{ ttffMs: number; samples: number[]; engine: string | undefined }> {
  const player = await openPlayer();
  await installProbeOnNavigation(player.page);
  if (refuseWhep) await player.page.route('**/whep/**', (route) => route.abort('connectionrefused'));
  await player.openDemo(stream, params);
  await player.expectStatus('playing', 40_000);
  const deadline = Date.now() + (FRAMES / 30) * 1000 + 20_000;
  let reading = await readProbe(player.page);
  while (reading.samples.length < FRAMES && Date.now() < deadline) {
    await player.page.waitForTimeout(250);
    reading = await readProbe(player.page);
  }
  const engine = (await player.state()).engine;
  await player.page.context().close();
  return { ttffMs: Math.round(reading.firstFrameAt ?? NaN), samples: reading.samples.slice(-FRAMES), engine };
}

test('player: time to first frame and latency per engine, and fallback time', async ({
  stream,
  openStudio,
  openPlayer,
}) => {
  const studio = await (await openStudio()).open(stream, 'pattern');
  await studio.goLive();
  await studio.page.waitForTimeout(3_000);
  const rows: Row[] = [];
  const measure = async (
    label: string,
    params: Record<string, string>,
    refuseWhep = false,
  ): Promise<void> => {
    const ttffs: number[] = [];
    const samples: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      const result = await join(openPlayer, stream, params, refuseWhep);
      if (refuseWhep) expect(result.engine).toBe('mse-ws');
      ttffs.push(result.ttffMs);
      samples.push(...result.samples);
    }
    rows.push({
      case: label,
      ttffMedianMs: Math.round(median(ttffs)),
      ttffMaxMs: Math.max(...ttffs),
      latencyMedianMs: samples.length ? Math.round(median(samples)) : null,
      latencyP95Ms: samples.length ? Math.round(percentile(samples, 95)) : null,
      joins: ttffs.length,
    });
  };
  for (const engine of ENGINES) {
    await measure(`${engine} (${PROTOCOL[engine]})`, { engine, protocol: PROTOCOL[engine] ?? '' });
  }
  await measure('fallback: WHEP refused → mse-ws', {}, true);
  console.table(rows);
  mkdirSync('e2e/test-results', { recursive: true });
  writeFileSync(
    'e2e/test-results/bench-player.json',
    JSON.stringify({ joins: JOINS, framesPerJoin: FRAMES, rows }, null, 2),
  );
});
