import { describe, expect, it } from 'vitest';
import { ntpToMs, StreamTimeline, type RtpTimeline, type SenderReportTiming } from './rtp-timeline';

/**
 * A simulated publisher: media captured at `c` ms (sender clock) gets RTP timestamp base + c × rate,
 * and arrives at the server `latency` ms later on the server's own clock.
 */
const NTP_EPOCH_MS = 3_900_000_000_000; // the sender's NTP time at capture 0
const SERVER_MS = 5_000_000; // the server's clock at capture 0

const video = { rate: 90, base: 1_234_567_890, latency: 80 };
const audio = { rate: 48, base: 2 ** 32 - 48 * 1500, latency: 20 }; // wraps 1.5 s in

const rtp = (track: { rate: number; base: number }, c: number) =>
  Math.round(track.base + c * track.rate) % 2 ** 32;

function senderReport(track: { rate: number; base: number }, c: number, skewMs = 0): SenderReportTiming {
  const ntpMs = NTP_EPOCH_MS + c + skewMs;
  const seconds = Math.floor(ntpMs / 1000);
  return {
    ntpTime: [seconds, Math.round(((ntpMs - seconds * 1000) / 1000) * 2 ** 32)],
    rtpTimestamp: rtp(track, c),
  };
}

type Event =
  | { at: number; kind: 'video' | 'audio'; c: number }
  | { at: number; kind: 'sr-video' | 'sr-audio'; c: number; skewMs?: number };

/** Video every 100/3 ms, audio every 20 ms, from capture 0 to `untilMs`, plus sender reports. */
function schedule(untilMs: number, reports: Event[]): Event[] {
  const events: Event[] = [...reports];
  for (let n = 0; (n * 100) / 3 <= untilMs; n++) {
    events.push({ at: (n * 100) / 3 + video.latency, kind: 'video', c: (n * 100) / 3 });
  }
  for (let c = 0; c <= untilMs; c += 20) events.push({ at: c + audio.latency, kind: 'audio', c });
  return events.sort((a, b) => a.at - b.at);
}

function play(events: Event[]) {
  const stream = new StreamTimeline();
  const tracks: Record<'video' | 'audio', RtpTimeline> = {
    video: stream.addTrack(90000),
    audio: stream.addTrack(48000),
  };
  const out = { video: new Map<number, number>(), audio: new Map<number, number>() };
  const ticks = { video: [] as number[], audio: [] as number[] };
  for (const event of events) {
    if (event.kind === 'sr-video') tracks.video.onSenderReport(senderReport(video, event.c, event.skewMs));
    else if (event.kind === 'sr-audio')
      tracks.audio.onSenderReport(senderReport(audio, event.c, event.skewMs));
    else {
      const spec = event.kind === 'video' ? video : audio;
      const time = tracks[event.kind].toStreamTime(rtp(spec, event.c), SERVER_MS + event.at);
      out[event.kind].set(Math.round(event.c), time.ms);
      ticks[event.kind].push(time.ticks);
    }
  }
  return { stream, out, ticks };
}

/** Video minus audio stream time for media captured at the same instant (multiples of 100 ms). */
function avOffsets(out: ReturnType<typeof play>['out'], fromMs: number, toMs: number): number[] {
  const offsets: number[] = [];
  for (let c = fromMs; c <= toMs; c += 100) {
    const v = out.video.get(c);
    const a = out.audio.get(c);
    if (v !== undefined && a !== undefined) offsets.push(v - a);
  }
  return offsets;
}

const isNonDecreasing = (values: number[]) => values.every((v, i) => i === 0 || v >= (values[i - 1] ?? v));

describe('ntpToMs', () => {
  it('reads both NTP forms', () => {
    const ntp = (3_900_000_123n << 32n) | 0x80000000n;
    expect(ntpToMs(ntp)).toBe(3_900_000_123_500);
    expect(ntpToMs([3_900_000_123, 2 ** 31])).toBe(3_900_000_123_500);
  });
});

describe('StreamTimeline', () => {
  it('before sender reports, anchors each track at its first arrival (0 = first media)', () => {
    const { stream, out } = play(schedule(1000, []));
    expect(stream.synchronized).toBe(false);
    expect(out.audio.get(0)).toBe(0); // audio arrives first: 20 ms after capture
    expect(out.video.get(0)).toBe(60); // video arrives 60 ms after audio
    expect(out.audio.get(1000)).toBe(1000);
    expect(avOffsets(out, 0, 1000).every((d) => Math.abs(d - 60) < 1e-9)).toBe(true);
  });

  it('takes a given origin, so a pipeline started later keeps the stream ms of the first media', () => {
    const timeline = new StreamTimeline(1000);
    const video = timeline.addTrack(90000);
    expect(video.toStreamTime(123456, 6000)).toEqual({ ms: 5000, ticks: 450000 });
    expect(video.toStreamTime(123456 + 9000, 6100).ms).toBe(5100);
  });

  it('with a sender report from each track, puts audio and video on one clock (within 1 ms)', () => {
    const { stream, out, ticks } = play(
      schedule(5000, [
        { at: 500, kind: 'sr-video', c: 450 },
        { at: 1000, kind: 'sr-audio', c: 990 },
      ]),
    );
    expect(stream.synchronized).toBe(true);
    for (const offset of avOffsets(out, 0, 400)) expect(offset).toBeCloseTo(60, 6);
    // The 60 ms arrival skew is slewed away within ~1.2 s of media after the second report.
    const late = avOffsets(out, 3000, 5000);
    expect(late.length).toBeGreaterThan(15);
    for (const offset of late) expect(Math.abs(offset)).toBeLessThan(1);
    expect(isNonDecreasing(ticks.video)).toBe(true);
    expect(isNonDecreasing(ticks.audio)).toBe(true);
    // Audio wrapped past 2^32 at 1.5 s; its ticks kept counting from 0.
    expect(ticks.audio.at(-1)).toBeGreaterThan(48 * 4900);
    expect(ticks.audio.at(-1)).toBeLessThan(48 * 5200);
  });

  it('never moves back when a late report asks for an earlier time, and slews to it', () => {
    const { out, ticks } = play(
      schedule(8000, [
        { at: 300, kind: 'sr-video', c: 250 },
        { at: 300, kind: 'sr-audio', c: 270 },
        // The sender's audio clock is re-stated 40 ms earlier (drift, a clock step).
        { at: 3000, kind: 'sr-audio', c: 2980, skewMs: -40 },
      ]),
    );
    expect(isNonDecreasing(ticks.audio)).toBe(true);
    const steps = ticks.audio.slice(1).map((t, i) => t - (ticks.audio[i] ?? t));
    // Each 20 ms packet (960 ticks) moves by at most 5 %: no jump back, no pile-up at one instant.
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(960 * 0.95);
    expect(Math.max(...steps)).toBeLessThanOrEqual(960 * 1.05);
    for (const offset of avOffsets(out, 1500, 2900)) expect(Math.abs(offset)).toBeLessThan(1);
    // After slewing, audio sits 40 ms earlier relative to video, as the last report says.
    for (const offset of avOffsets(out, 5000, 8000)) expect(offset).toBeCloseTo(40, 0);
  });

  it('aligns on the first packets when reports came first, moving the earlier track forward', () => {
    const stream = new StreamTimeline();
    const v = stream.addTrack(90000);
    const a = stream.addTrack(48000);
    v.onSenderReport(senderReport(video, 0));
    a.onSenderReport(senderReport(audio, 0));
    const first = a.toStreamTime(rtp(audio, 0), SERVER_MS + 20);
    const firstVideo = v.toStreamTime(rtp(video, 0), SERVER_MS + 80);
    expect(stream.synchronized).toBe(true);
    expect(first.ms).toBe(0);
    // Video arrived 60 ms after audio; audio, already output at 0, moves forward to meet it.
    expect(firstVideo.ms).toBeCloseTo(60, 6);
    expect(a.toStreamTime(rtp(audio, 2000), SERVER_MS + 2020).ms).toBeCloseTo(2060, 6);
    expect(v.toStreamTime(rtp(video, 2000), SERVER_MS + 2080).ms).toBeCloseTo(2060, 6);
  });
});
