import { inputProtocols } from './pull-command';
import { runTool } from './run-tool';
import { IngestError } from './ingest-error';

/** The video stream a pull takes, and whether the relay can carry it unchanged. */
export interface ProbedVideo {
  /** ffmpeg's input stream index (`-map 0:N`). */
  index: number;
  codec: string;
  profile?: string;
  width?: number;
  height?: number;
  bitRate?: number;
  /** Pictures come out of decode order (B-frames): WebRTC and the relay's pipeline cannot carry them. */
  reorders: boolean;
}

export interface ProbedAudio {
  index: number;
  codec: string;
}

export interface SourceProbe {
  /** A live playlist (no end): the pull runs until the source stops or nobody watches. */
  live: boolean;
  /** A VoD's length, ms. */
  durationMs?: number;
  video: ProbedVideo | undefined;
  audio: ProbedAudio | undefined;
}

/** With fewer video packets than this seen, a declared reorder depth is believed. */
const MIN_PACKETS_TO_JUDGE = 8;
/** Packets ffprobe reads to see the decode order (a few GOPs' worth of B-frame patterns). */
const PROBE_PACKETS = 120;
/** ffprobe reading a playlist and a segment or two; a source slower than this is treated as down. */
const PROBE_TIMEOUT_MS = 20_000;

/** ffprobe's JSON (`-of json`), the fields asked for. */
interface ProbeJson {
  format?: { duration?: string };
  streams?: {
    index?: number;
    codec_type?: string;
    codec_name?: string;
    profile?: string;
    width?: number;
    height?: number;
    bit_rate?: string;
    has_b_frames?: number;
    tags?: { variant_bitrate?: string };
  }[];
  packets?: { stream_index?: number; pts?: number }[];
}

/**
 * Reads what ffprobe said about a source: the best video (the highest variant bitrate of a
 * multivariant playlist, then the largest picture), one audio stream (of the same variant when the
 * playlist says), live or VoD, and whether the video's pictures are reordered (B-frames): seen as
 * presentation times going back in decode order, or declared (`has_b_frames`) when too few packets
 * were read to tell.
 */
export function analyzeProbe(json: ProbeJson): SourceProbe {
  const streams = json.streams ?? [];
  const variantBitrate = (s: (typeof streams)[number]) => Number(s.tags?.variant_bitrate ?? 0) || 0;
  const videos = streams
    .filter((s) => s.codec_type === 'video' && s.index !== undefined)
    .sort(
      (a, b) =>
        variantBitrate(b) - variantBitrate(a) ||
        (b.width ?? 0) * (b.height ?? 0) - (a.width ?? 0) * (a.height ?? 0),
    );
  const best = videos[0];
  let video: ProbedVideo | undefined;
  if (best?.index !== undefined) {
    const pts = (json.packets ?? [])
      .filter((p) => p.stream_index === best.index && typeof p.pts === 'number')
      .map((p) => p.pts ?? 0);
    const wentBack = pts.some((value, i) => i > 0 && value < (pts[i - 1] ?? value));
    const declared = (best.has_b_frames ?? 0) > 0;
    video = {
      index: best.index,
      codec: best.codec_name ?? 'unknown',
      ...(best.profile ? { profile: best.profile } : {}),
      ...(best.width ? { width: best.width } : {}),
      ...(best.height ? { height: best.height } : {}),
      ...(Number(best.bit_rate) > 0 ? { bitRate: Number(best.bit_rate) } : {}),
      reorders: wentBack || (declared && pts.length < MIN_PACKETS_TO_JUDGE),
    };
  }
  const audios = streams.filter((s) => s.codec_type === 'audio' && s.index !== undefined);
  const sameVariant =
    best && variantBitrate(best) > 0
      ? audios.find((a) => variantBitrate(a) === variantBitrate(best))
      : undefined;
  const audioStream = sameVariant ?? audios[0];
  const duration = Number(json.format?.duration);
  return {
    live: !(duration > 0),
    ...(duration > 0 ? { durationMs: Math.round(duration * 1000) } : {}),
    video,
    audio:
      audioStream?.index === undefined
        ? undefined
        : { index: audioStream.index, codec: audioStream.codec_name ?? 'unknown' },
  };
}

/**
 * Whether the relay can pass the video through as it is: H.264 without B-frames, 8-bit 4:2:0
 * (what browsers decode over WebRTC and MSE). Anything else is re-encoded.
 */
export function canCopyVideo(video: ProbedVideo): boolean {
  if (video.codec !== 'h264' || video.reorders) return false;
  const profile = (video.profile ?? '').toLowerCase();
  return !/10|4:2:2|4:4:4/.test(profile);
}

/** Runs ffprobe on `url`; rejects with an `IngestError`. */
export async function probeSource(
  url: string,
  ffprobePath: string,
  signal?: AbortSignal,
): Promise<SourceProbe> {
  const result = await runTool(
    ffprobePath,
    [
      '-v',
      'error',
      '-hide_banner',
      '-read_intervals',
      `%+#${PROBE_PACKETS}`,
      '-show_entries',
      'format=duration:stream=index,codec_type,codec_name,profile,width,height,bit_rate,has_b_frames:stream_tags=variant_bitrate:packet=stream_index,pts',
      '-of',
      'json',
      ...inputProtocols(url),
      url,
    ],
    { timeoutMs: PROBE_TIMEOUT_MS, ...(signal ? { signal } : {}) },
  );
  if (result.code !== 0) {
    const lastLine = result.stderr.trim().split('\n').pop() ?? '';
    // ffprobe names the input first: the message already does.
    const detail = lastLine.startsWith(`${url}: `) ? lastLine.slice(url.length + 2) : lastLine;
    throw IngestError.sourceUnreadable(url, detail || `ffprobe exited with ${result.code}`);
  }
  let json: ProbeJson;
  try {
    json = JSON.parse(result.stdout) as ProbeJson;
  } catch {
    throw IngestError.sourceUnreadable(url, 'ffprobe gave no readable answer');
  }
  const probe = analyzeProbe(json);
  if (!probe.video) throw IngestError.noVideo(url);
  return probe;
}
