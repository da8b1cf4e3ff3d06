/** What the publisher's single ffmpeg encode is asked to make. */
export type PublishSource =
  | { kind: 'test-pattern'; width: number; height: number; fps: number }
  | {
      kind: 'file';
      path: string;
      loop: boolean;
      /** Send the file's H.264 as it is (it must have no B-frames); otherwise re-encode. */
      copy: boolean;
      /** Whether the file has an audio stream (else the publisher sends silence). */
      hasAudio: boolean;
      /** The file's duration in seconds, if known: how long that silence lasts without `loop`. */
      durationS?: number;
      /** Re-encoding only: the output size and rate (the file's own when absent). */
      width?: number;
      height?: number;
      fps?: number;
    };

export interface EncodeSettings {
  /** Video bits per second. */
  bitrate: number;
  /** Seconds between keyframes. */
  gopSeconds: number;
  /** Opus bits per second. */
  audioBitrate: number;
}

/** The pipes ffmpeg writes to: fd 3 H.264 Annex B, fd 4 Ogg Opus. */
export const VIDEO_FD = 3;
export const AUDIO_FD = 4;

/**
 * ffmpeg arguments for one encode: real-time input (`-re`), H.264 Annex B with an access unit
 * delimiter before every picture (how the reader knows a picture is whole) and SPS/PPS before every
 * keyframe (how a relay joins mid-stream), and Opus in 20 ms packets on Ogg pages flushed one packet
 * at a time (the Ogg muxer otherwise holds a second of audio per page).
 */
export function publishFfmpegArgs(source: PublishSource, settings: EncodeSettings): string[] {
  // Each output maps its own stream; a file without audio gets generated silence.
  const [inputs, videoMap, audioMap] =
    source.kind === 'test-pattern'
      ? [
          [
            ['-re', '-f', 'lavfi', '-i', `testsrc2=size=${source.width}x${source.height}:rate=${source.fps}`],
            ['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
          ].flat(),
          '0:v:0',
          '1:a:0',
        ]
      : [
          [
            ['-re', ...(source.loop ? ['-stream_loop', '-1'] : []), '-i', source.path],
            // ffmpeg closes no output before all end: endless silence would keep the video pipe open.
            source.hasAudio
              ? []
              : ['-re', '-f', 'lavfi', ...silenceLength(source), '-i', 'anullsrc=r=48000:cl=stereo'],
          ].flat(),
          '0:v:0',
          source.hasAudio ? '0:a:0' : '1:a:0',
        ];
  const video =
    source.kind === 'file' && source.copy
      ? ['-c:v', 'copy', '-bsf:v', 'h264_mp4toannexb,h264_metadata=aud=insert', '-flush_packets', '1']
      : encodeVideo(source, settings);
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...inputs,
    ...['-map', videoMap],
    ...video,
    '-f',
    'h264',
    `pipe:${VIDEO_FD}`,
    ...[
      '-map',
      audioMap,
      '-c:a',
      'libopus',
      '-b:a',
      String(settings.audioBitrate),
      '-ar',
      '48000',
      '-ac',
      '2',
    ],
    ...['-frame_duration', '20', '-application', 'lowdelay'],
    ...['-f', 'ogg', '-page_duration', '20000', '-flush_packets', '1', `pipe:${AUDIO_FD}`],
  ];
}

function silenceLength(source: { loop: boolean; durationS?: number }): string[] {
  return source.loop || source.durationS === undefined ? [] : ['-t', source.durationS.toFixed(3)];
}

function encodeVideo(source: PublishSource, { bitrate, gopSeconds }: EncodeSettings): string[] {
  const fps = source.fps ?? 30;
  const gop = Math.max(1, Math.round(fps * gopSeconds));
  const scale =
    source.kind === 'file' && source.width && source.height
      ? ['-vf', `scale=${source.width}:${source.height}`]
      : [];
  return [
    ...scale,
    ...(source.kind === 'file' && source.fps ? ['-r', String(source.fps)] : []),
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency'],
    // Constrained baseline: what every WebRTC receiver decodes; no B-frames, so decode order is display order.
    ...['-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-bf', '0'],
    // Near CBR: a half-second buffer keeps the rate flat, as a real-time encoder's would be.
    ...['-b:v', String(bitrate), '-maxrate', String(bitrate), '-bufsize', String(Math.round(bitrate / 2))],
    ...['-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0'],
    ...['-x264-params', 'aud=1:repeat-headers=1'],
    '-flush_packets',
    '1',
  ];
}
