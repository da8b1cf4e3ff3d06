import { seiTimecodeNal } from '@brume/protocol';
import type { Writable } from 'node:stream';
import { DEFAULT_MTU, insertBeforeFirstSlice, packetizePicture } from './h264-packetizer';
import { PublishEncoder, probeFile } from './publish-encoder';
import type { EncodeSettings, PublishSource } from './publish-ffmpeg-args';
import { PublishError } from './publish-error';
import { PublishPeer, type PeerCounters } from './publish-peer';

/** The most streams one `brume publish` sends (one encode fanned out to every peer connection). */
export const MAX_PUBLISH_COUNT = 200;

export interface PublishOptions {
  /** The relay's base URL (`http://127.0.0.1:8080`). */
  server: string;
  /** The stream name; with `count`, streams `<stream>-1 … <stream>-N`. */
  stream: string;
  count: number | undefined;
  key: string | undefined;
  source: PublishSource;
  encode: EncodeSettings;
  /** Stop after this many seconds; until a signal (or the file's end) when absent. */
  durationS: number | undefined;
  statusIntervalMs: number;
  connectTimeoutMs: number;
  ffmpeg?: string;
  ffprobe?: string;
}

export interface PublishSummary {
  streams: string[];
  /** Pictures that came out of ffmpeg (each sent to every connected stream). */
  pictures: number;
  audioPackets: number;
  /** Totals over all streams. */
  totals: PeerCounters;
  /** Why it ended. */
  end: 'duration' | 'signal' | 'input-ended';
}

/** Connections opened at once: a burst of 200 offers would only queue on the relay. */
const CONNECT_CONCURRENCY = 8;
const AUDIO_SAMPLES_PER_PACKET = 960; // 20 ms at 48 kHz (`-frame_duration 20`)

/** The stream names `options` publishes. */
export function publishStreamNames(stream: string, count: number | undefined): string[] {
  if (count === undefined) return [stream];
  return Array.from({ length: count }, (_, i) => `${stream}-${i + 1}`);
}

/**
 * Publishes one ffmpeg encode to one or many WHIP streams until `signal`, the duration or the end of
 * the input; stamps every picture with a Brume SEI timecode (its capture time: when it came out of
 * ffmpeg). Everything it opened is closed when it resolves or rejects: each session DELETEd, ffmpeg
 * exited. Rejects with a `PublishError` when a stream cannot be published or ffmpeg fails.
 */
export async function runPublish(
  options: PublishOptions,
  out: Writable,
  signal?: AbortSignal,
): Promise<PublishSummary> {
  const names = publishStreamNames(options.stream, options.count);
  const base = options.server.replace(/\/+$/, '');
  const peers = names.map(
    (name) => new PublishPeer(name, `${base}/whip/${encodeURIComponent(name)}`, options.key),
  );
  let encoder: PublishEncoder | undefined;
  let status: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let offAbort: (() => void) | undefined;
  let pictures = 0;
  let audioPackets = 0;
  try {
    let source = options.source;
    if (source.kind === 'file') {
      const { hasAudio, durationS } = await probeFile(source.path, source.copy, options.ffprobe);
      source = { ...source, hasAudio, ...(durationS !== undefined ? { durationS } : {}) };
    }
    await connectAll(peers, options.connectTimeoutMs, signal);
    if (signal?.aborted) return summary('signal');
    out.write(`publishing ${describe(names)} to ${base}\n`);

    const startedAt = Date.now();
    let audioTimestamp = Math.floor(Math.random() * 2 ** 32);
    const videoBase = Math.floor(Math.random() * 2 ** 32);
    const end = await new Promise<PublishSummary['end'] | PublishError>((resolve) => {
      encoder = new PublishEncoder(
        source,
        options.encode,
        {
          picture(unit) {
            pictures++;
            const nals = insertBeforeFirstSlice(unit.nals, seiTimecodeNal(unit.receivedAt * 1000));
            const payloads = packetizePicture(nals, DEFAULT_MTU);
            // The RTP clock follows capture, as a camera's does.
            const timestamp = videoBase + (unit.receivedAt - startedAt) * 90;
            for (const peer of peers) peer.sendPicture(payloads, timestamp);
          },
          audio(packet) {
            audioPackets++;
            for (const peer of peers) peer.sendAudio(packet, audioTimestamp);
            audioTimestamp = (audioTimestamp + AUDIO_SAMPLES_PER_PACKET) >>> 0;
          },
          exit: (error) => resolve(error ?? 'input-ended'),
        },
        options.ffmpeg,
      );
      if (options.durationS !== undefined) {
        deadline = setTimeout(() => resolve('duration'), options.durationS * 1000);
      }
      const onAbort = () => resolve('signal');
      signal?.addEventListener('abort', onAbort, { once: true });
      offAbort = () => signal?.removeEventListener('abort', onAbort);
      let last = { at: startedAt, bytes: 0 };
      status = setInterval(() => {
        const now = Date.now();
        const totals = sum(peers);
        out.write(
          `${statusLine(peers, totals, pictures, ((totals.bytes - last.bytes) * 8) / ((now - last.at) / 1000))}\n`,
        );
        last = { at: now, bytes: totals.bytes };
        if (peers.every((peer) => peer.failed))
          resolve(new PublishError('publish/not-connected', 'every connection to the relay was lost'));
      }, options.statusIntervalMs);
    });
    if (end instanceof PublishError) throw end;
    return summary(end);
  } finally {
    clearInterval(status);
    clearTimeout(deadline);
    offAbort?.();
    await encoder?.stop();
    await Promise.all(peers.map((peer) => peer.close()));
  }

  function summary(end: PublishSummary['end']): PublishSummary {
    return { streams: names, pictures, audioPackets, totals: sum(peers), end };
  }
}

/** Opens the peers a few at a time; the first failure stops the rest (and is thrown). */
async function connectAll(peers: PublishPeer[], timeoutMs: number, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < peers.length && failure === undefined && !signal?.aborted) {
      const peer = peers[next++]!;
      try {
        await peer.start(timeoutMs);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, peers.length) }, worker));
  if (failure !== undefined) throw failure;
}

function sum(peers: readonly PublishPeer[]): PeerCounters {
  const totals: PeerCounters = { packets: 0, bytes: 0, frames: 0, nacks: 0, plis: 0, rttSeconds: undefined };
  let rtts = 0;
  for (const peer of peers) {
    const counters = peer.counters;
    totals.packets += counters.packets;
    totals.bytes += counters.bytes;
    totals.frames += counters.frames;
    totals.nacks += counters.nacks;
    totals.plis += counters.plis;
    if (counters.rttSeconds !== undefined) {
      totals.rttSeconds = (totals.rttSeconds ?? 0) + counters.rttSeconds;
      rtts++;
    }
  }
  if (totals.rttSeconds !== undefined) totals.rttSeconds /= rtts;
  return totals;
}

function statusLine(
  peers: readonly PublishPeer[],
  totals: PeerCounters,
  pictures: number,
  bitsPerSecond: number,
): string {
  const connected = peers.filter((peer) => peer.connected).length;
  const perStream = bitsPerSecond / Math.max(1, connected);
  const rtt = totals.rttSeconds === undefined ? '-' : `${(totals.rttSeconds * 1000).toFixed(1)} ms`;
  return [
    `${connected}/${peers.length} connected`,
    `${(perStream / 1e6).toFixed(2)} Mbit/s per stream (${(bitsPerSecond / 1e6).toFixed(1)} total)`,
    `${pictures} frames`,
    `rtt ${rtt}`,
    `nacks ${totals.nacks}`,
    `plis ${totals.plis}`,
  ].join(', ');
}

function describe(names: readonly string[]): string {
  return names.length === 1
    ? names[0]!
    : `${names[0]} … ${names[names.length - 1]} (${names.length} streams)`;
}
