import { canCopyVideo, type SourceProbe } from './source-probe';

/** Where ffmpeg sends one track's RTP, and what it stamps on it. */
export interface RtpTarget {
  port: number;
  /** Where its RTCP sender reports go (the first one tells the RTP timestamp of pts 0). */
  rtcpPort: number;
  ssrc: number;
  payloadType: number;
}

export interface PullCommandOptions {
  url: string;
  probe: SourceProbe;
  video: RtpTarget;
  /** Absent: the audio (if any) is left out. */
  audio?: RtpTarget;
  /** Keyframe spacing when the video is re-encoded, ms (the relay's `keyframeCadenceMs`). */
  keyframeIntervalMs: number;
  /** Re-encoding's bitrate ceiling, bits per second. */
  maxBitrate: number;
}

/** RTP packets no larger than a WebRTC publisher's, so viewers' paths take them (MTU). */
export const RTP_PACKET_SIZE = 1200;
const OPUS_BITRATE = '128k';
/**
 * What a playlist may make ffmpeg open: the web, nothing local. A hostile playlist cannot point a
 * segment at `file:` (or `concat:`, `subfile:`...) on the relay's machine.
 */
export const INPUT_PROTOCOLS = ['-protocol_whitelist', 'http,https,tcp,tls,crypto'];

/** The prefix of a file source's input (`source: {path}`): ffmpeg's own `file:` protocol. */
export const FILE_INPUT = 'file:';

/**
 * What ffmpeg may open for `input`: a file source only its file (`file:` alone: a local playlist
 * cannot reach out), an HLS source only the web.
 */
export function inputProtocols(input: string): string[] {
  return input.startsWith(FILE_INPUT) ? ['-protocol_whitelist', 'file'] : INPUT_PROTOCOLS;
}

/**
 * The ffmpeg command line of one pull: read the source in real time (`-re`: a VoD plays out, a live
 * playlist is followed from ffmpeg's default three segments back), map the chosen video and audio,
 * and send each as RTP to a loopback port of the relay. Video is copied when the relay can carry it
 * (`canCopyVideo`), SPS/PPS put before every keyframe (`h264_mp4toannexb`, a no-op for MPEG-TS
 * sources that carry them already); otherwise it is re-encoded with libx264 without B-frames and a
 * keyframe every `keyframeIntervalMs`. Audio always becomes Opus 48 kHz stereo (what WebRTC
 * carries; HLS sources are mostly AAC). Each track's RTCP goes to a port of its own: its first
 * sender report carries the RTP timestamp of presentation time 0 (see `pull-session.ts`).
 */
export function pullCommand(options: PullCommandOptions): string[] {
  const { probe, video, audio } = options;
  if (!probe.video) throw new Error('pullCommand: the probe found no video');
  const rtp = (target: RtpTarget) => [
    '-f',
    'rtp',
    '-payload_type',
    String(target.payloadType),
    '-ssrc',
    String(target.ssrc),
    `rtp://127.0.0.1:${target.port}?pkt_size=${RTP_PACKET_SIZE}&rtcpport=${target.rtcpPort}`,
  ];
  const seconds = Math.max(options.keyframeIntervalMs, 100) / 1000;
  const videoCodec = canCopyVideo(probe.video)
    ? ['-c:v', 'copy', '-bsf:v', 'h264_mp4toannexb']
    : [
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-tune',
        'zerolatency',
        '-bf',
        '0',
        '-pix_fmt',
        'yuv420p',
        '-crf',
        '21',
        '-maxrate',
        String(options.maxBitrate),
        '-bufsize',
        String(options.maxBitrate),
        '-force_key_frames',
        `expr:gte(t,n_forced*${seconds})`,
      ];
  const args = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'warning',
    '-re',
    ...inputProtocols(options.url),
    '-i',
    options.url,
    '-map',
    `0:${probe.video.index}`,
    ...videoCodec,
    ...rtp(video),
  ];
  if (audio && probe.audio) {
    args.push(
      '-map',
      `0:${probe.audio.index}`,
      '-c:a',
      'libopus',
      '-ar',
      '48000',
      '-ac',
      '2',
      '-b:a',
      OPUS_BITRATE,
      ...rtp(audio),
    );
  }
  return args;
}
