import { expect, median, test } from './fixtures';
import { AudioHarnessPage } from './studio-audio-harness/harness-script';

/**
 * The studio's audio mixer in Chromium: tones at known levels through real AudioContexts and
 * MediaStreamTracks, meters from the AudioWorklet, the output track read back independently
 * (an AnalyserNode in another context).
 */

let audio: AudioHarnessPage;

test.beforeEach(async ({ page }) => {
  audio = await new AudioHarnessPage(page).open();
});

test.afterEach(async () => {
  await audio.dispose();
});

/** The median of `count` consecutive meter readings of channel `id` (or the master), ~100 ms apart. */
async function steadyPeak(id: string | 'master', count = 5): Promise<number> {
  const peaks: number[] = [];
  for (let i = 0; i < count; i++) {
    const levels = await audio.levels();
    peaks.push(id === 'master' ? levels.master.peakDb : (levels.channels[id]?.peakDb ?? -Infinity));
    await audio.page.waitForTimeout(100);
  }
  return median(peaks);
}

async function waitForSignal(id: string): Promise<void> {
  await expect
    .poll(async () => (await audio.levels()).channels[id]?.peakDb ?? -Infinity)
    .toBeGreaterThan(-40);
  // Let a fader glide and the meter window settle.
  await audio.page.waitForTimeout(300);
}

test('a −12 dBFS tone reads −12 dBFS on its meter, and −6 dB on the fader moves it by −6 dB', async () => {
  await audio.addTone('tone', 1000, -12);
  await waitForSignal('tone');
  const before = await steadyPeak('tone');
  expect(before).toBeGreaterThan(-13);
  expect(before).toBeLessThan(-11);

  const levels = (await audio.levels()).channels.tone!;
  expect(levels.rmsDb).toBeCloseTo(-12 - 3.01, 0);
  expect(levels.holdDb).toBeGreaterThanOrEqual(levels.peakDb);
  expect(levels.clipped).toBe(false);

  const mixer = await audio.mixer();
  await mixer.evaluate((m) => m.setGain('tone', -6));
  await audio.page.waitForTimeout(300);
  const after = await steadyPeak('tone');
  expect(after - before).toBeGreaterThan(-6.5);
  expect(after - before).toBeLessThan(-5.5);
  expect(await mixer.evaluate((m) => m.settings().channels.tone)).toEqual({
    gainDb: -6,
    muted: false,
    monitor: false,
  });

  const events = await audio.countLevelEvents(2000);
  console.log(`levels events: ${events} in 2 s; meter ${before.toFixed(2)} → ${after.toFixed(2)} dBFS`);
  expect(events).toBeGreaterThan(30);
});

test('mute silences the output while the meter still shows the source; solo leaves the output alone', async () => {
  const mixer = await audio.mixer();
  // Compressor off: the chain is then level-transparent below the limiter's ceiling.
  await mixer.evaluate((m) => m.setCompressor(false));
  await audio.addTone('tone', 1000, -12);
  await audio.addTone('other', 440, -30);
  await waitForSignal('tone');

  // Two sines of different frequencies line up their peaks: 0.251 + 0.032 of full scale.
  const sumDb = 20 * Math.log10(10 ** (-12 / 20) + 10 ** (-30 / 20));
  const open = await audio.outputPeakDb();
  expect(Math.abs(open - sumDb)).toBeLessThan(0.5);

  await mixer.evaluate((m) => m.setSolo('other', true));
  await audio.page.waitForTimeout(200);
  const soloed = await audio.outputPeakDb();
  expect(Math.abs(soloed - open)).toBeLessThan(0.5);
  await mixer.evaluate((m) => m.setSolo('other', false));

  await mixer.evaluate((m) => {
    m.setMuted('tone', true);
    m.setMuted('other', true);
  });
  await audio.page.waitForTimeout(200);
  const muted = await audio.outputPeakDb();
  expect(muted).toBeLessThan(-90);
  // Metered before the mute: a muted microphone still shows it hears something.
  expect(await steadyPeak('tone')).toBeGreaterThan(-13);
  expect((await audio.levels()).master.peakDb).toBeLessThan(-90);

  await mixer.evaluate((m) => m.setMuted('tone', false));
  await audio.page.waitForTimeout(200);
  expect(await audio.outputPeakDb()).toBeGreaterThan(-13);
  console.log(`output: open ${open.toFixed(2)}, soloed other ${soloed.toFixed(2)}, muted ${muted} dBFS`);
});

test('the limiter holds a +6 dBFS input under −1 dBFS at the output', async () => {
  const mixer = await audio.mixer();
  // −6 dBFS in, +12 dB on the fader: +6 dBFS into the master bus.
  await audio.addTone('hot', 1000, -6);
  await mixer.evaluate((m) => m.setGain('hot', 12));
  await waitForSignal('hot');

  const channel = await steadyPeak('hot');
  expect(channel).toBeGreaterThan(5);
  expect((await audio.levels()).channels.hot!.clipped).toBe(true);

  for (const compressor of [true, false]) {
    await mixer.evaluate((m, on) => m.setCompressor(on), compressor);
    await audio.page.waitForTimeout(300);
    const output = await audio.outputPeakDb(1000);
    const master = await steadyPeak('master');
    console.log(
      `compressor ${compressor}: output peak ${output.toFixed(3)}, master meter ${master.toFixed(3)} dBFS`,
    );
    expect(output).toBeLessThanOrEqual(-1 + 1e-3);
    expect(output).toBeGreaterThan(-3);
    expect(master).toBeLessThanOrEqual(-1 + 1e-3);
  }
  expect((await audio.levels()).master.clipped).toBe(false);

  // Without the limiter the same input really is hot at the output.
  await mixer.evaluate((m) => m.setLimiter(false));
  await audio.page.waitForTimeout(300);
  const unlimited = await audio.outputPeakDb(600);
  expect(unlimited).toBeGreaterThan(0);
  expect((await audio.levels()).master.clipped).toBe(true);

  // The clip light stays until reset; with the level back down it stays off.
  await mixer.evaluate((m) => {
    m.setGain('hot', 0);
    m.setLimiter(true);
  });
  await audio.page.waitForTimeout(300);
  expect((await audio.levels()).channels.hot!.clipped).toBe(true);
  await mixer.evaluate((m) => m.resetClip());
  await audio.page.waitForTimeout(300);
  const after = await audio.levels();
  expect(after.channels.hot!.clipped).toBe(false);
  expect(after.master.clipped).toBe(false);
});

test('the worklet limiter beats a DynamicsCompressorNode set up as a limiter', async () => {
  const { native, worklet } = await audio.compareLimiters();
  const f = (db: number) => `${db >= 0 ? '+' : ''}${db.toFixed(2)}`;
  console.log(
    `peak out (dBFS), +6 dBFS sine / +12 dBFS bursts: DynamicsCompressorNode ${f(native.sinePeakDb)} / ${f(native.burstPeakDb)}, ` +
      `worklet ${f(worklet.sinePeakDb)} / ${f(worklet.burstPeakDb)}`,
  );
  expect(worklet.sinePeakDb).toBeLessThanOrEqual(-1 + 1e-3);
  expect(worklet.burstPeakDb).toBeLessThanOrEqual(-1 + 1e-3);
  expect(worklet.sinePeakDb).toBeGreaterThan(-1.5);
});

test('applySettings syncs the whole mixer; dispose ends the output and stops the meters', async () => {
  const mixer = await audio.mixer();
  await audio.addTone('a', 1000, -12);
  await audio.addTone('b', 500, -12);
  await waitForSignal('a');
  await mixer.evaluate((m) => m.setGain('b', 3));
  await mixer.evaluate((m) =>
    m.applySettings({
      channels: { a: { gainDb: -10, muted: true, monitor: true } },
      master: { gainDb: -2, compressor: false, limiter: true },
    }),
  );
  const settings = await mixer.evaluate((m) => m.settings());
  expect(settings).toEqual({
    channels: {
      a: { gainDb: -10, muted: true, monitor: true },
      b: { gainDb: 0, muted: false, monitor: false },
    },
    master: { gainDb: -2, compressor: false, limiter: true },
  });
  await audio.page.waitForTimeout(300);
  expect(await steadyPeak('a')).toBeCloseTo(-22, 0);
  expect(await steadyPeak('b')).toBeCloseTo(-12, 0);
  // Only b reaches the master, 2 dB down.
  expect(await steadyPeak('master')).toBeCloseTo(-14, 0);

  expect(await mixer.evaluate((m) => m.canChooseMonitorDevice)).toBe(true);
  await mixer.evaluate((m) => m.setMonitorDevice(undefined));

  const output = await mixer.evaluate((m) => {
    m.dispose();
    return m.output.readyState;
  });
  expect(output).toBe('ended');
  await expect.poll(() => mixer.evaluate((m) => m.state)).toBe('closed');
  expect(await audio.countLevelEvents(300)).toBe(0);
});

test('a remote WebRTC track (a guest) reaches its meter and the output', async () => {
  await audio.addRemoteTone('guest', 1000, -12);
  await expect
    .poll(async () => (await audio.levels()).channels.guest?.peakDb ?? -Infinity, { timeout: 10_000 })
    .toBeGreaterThan(-40);
  await audio.page.waitForTimeout(500);
  // Opus in between: a lossy codec, so a looser window than for local tracks.
  const peak = await steadyPeak('guest');
  console.log(`remote tone meter ${peak.toFixed(2)} dBFS`);
  expect(peak).toBeGreaterThan(-14);
  expect(peak).toBeLessThan(-10);
  expect(await audio.outputPeakDb()).toBeGreaterThan(-40);
});
