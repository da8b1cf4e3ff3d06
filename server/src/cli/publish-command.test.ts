import { describe, expect, it } from 'vitest';
import { publishFfmpegArgs } from '../load/publish-ffmpeg-args';
import { publishStreamNames } from '../load/publish-run';
import { UsageError } from './command';
import { parsePublishArgs } from './publish-command';

describe('brume publish flags', () => {
  it('defaults to a 1280x720@30 test pattern at 2.5 Mbit/s, a keyframe every 2 s, on 127.0.0.1:8080', () => {
    const options = parsePublishArgs(['live']);
    expect(options).toMatchObject({
      server: 'http://127.0.0.1:8080',
      stream: 'live',
      count: undefined,
      key: undefined,
      source: { kind: 'test-pattern', width: 1280, height: 720, fps: 30 },
      encode: { bitrate: 2_500_000, gopSeconds: 2 },
      durationS: undefined,
    });
  });

  it('reads a file source, units and counts', () => {
    const options = parsePublishArgs([
      'f',
      '--file',
      'a.mp4',
      '--loop',
      '--copy',
      '--bitrate',
      '1.5M',
      '--gop',
      '500ms',
      '--count',
      '3',
      '--duration=10',
    ]);
    expect(options.source).toMatchObject({ kind: 'file', path: 'a.mp4', loop: true, copy: true });
    expect(options.encode).toMatchObject({ bitrate: 1_500_000, gopSeconds: 0.5 });
    expect(options.count).toBe(3);
    expect(options.durationS).toBe(10);
    expect(publishStreamNames('f', 3)).toEqual(['f-1', 'f-2', 'f-3']);
    expect(publishStreamNames('f', undefined)).toEqual(['f']);
  });

  it.each([
    [[], 'give one stream name'],
    [['a', '--count', '201'], '--count is a number from 1 to 200'],
    [['a', '--count', '0'], '--count'],
    [['a', '--size', '1280'], '--size is WIDTHxHEIGHT'],
    [['a', '--size', '641x360'], 'even'],
    [['a', '--bitrate', 'fast'], '--bitrate'],
    [['a', '--loop'], '--loop and --copy go with --file'],
    [['a', '--file', 'x.mp4', '--test-pattern'], 'not both'],
    [['a', '--file', 'x.mp4', '--copy', '--size', '640x360'], 'as it is'],
    [['a', '--server', 'ftp://x'], 'http(s)://'],
    [['a', '--duration', '-1'], '--duration'],
  ])('refuses %j', (args, message) => {
    expect(() => parsePublishArgs(args)).toThrow(UsageError);
    expect(() => parsePublishArgs(args)).toThrow(message);
  });
});

describe('publishFfmpegArgs', () => {
  const settings = { bitrate: 2_500_000, gopSeconds: 2, audioBitrate: 64_000 };

  it('encodes a real-time test pattern: baseline, no B-frames, near CBR, AUD and SPS/PPS per keyframe', () => {
    const args = publishFfmpegArgs({ kind: 'test-pattern', width: 640, height: 360, fps: 25 }, settings).join(
      ' ',
    );
    expect(args).toContain('-re -f lavfi -i testsrc2=size=640x360:rate=25');
    expect(args).toContain('-tune zerolatency -profile:v baseline');
    expect(args).toContain('-bf 0 -b:v 2500000 -maxrate 2500000 -bufsize 1250000 -g 50 -keyint_min 50');
    expect(args).toContain('-x264-params aud=1:repeat-headers=1');
    expect(args).toMatch(
      /-map 0:v:0 .* -f h264 pipe:3 -map 1:a:0 -c:a libopus .* -f ogg -page_duration 20000 .*pipe:4$/,
    );
  });

  it('copies a file without re-encoding, adding delimiters, and sends silence when it has no audio', () => {
    const args = publishFfmpegArgs(
      { kind: 'file', path: 'in.mp4', loop: true, copy: true, hasAudio: false },
      settings,
    ).join(' ');
    expect(args).toContain('-re -stream_loop -1 -i in.mp4 -re -f lavfi -i anullsrc');
    expect(args).toContain('-c:v copy -bsf:v h264_mp4toannexb,h264_metadata=aud=insert');
    expect(args).not.toContain('libx264');
    expect(args).toContain('-map 1:a:0');
  });

  it('ends the generated silence with a file played once, since ffmpeg closes no output before all end', () => {
    const once = {
      kind: 'file',
      path: 'in.mp4',
      loop: false,
      copy: false,
      hasAudio: false,
      durationS: 3.5,
    } as const;
    expect(publishFfmpegArgs(once, settings).join(' ')).toContain('-re -f lavfi -t 3.500 -i anullsrc');
    expect(publishFfmpegArgs({ ...once, hasAudio: true }, settings).join(' ')).not.toContain('anullsrc');
  });
});
