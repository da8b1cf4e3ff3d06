import { describe, expect, it } from 'vitest';
import { inputProtocols, pullCommand } from './pull-command';
import type { SourceProbe } from './source-probe';

const probe = (reorders: boolean): SourceProbe => ({
  live: true,
  video: { index: 2, codec: 'h264', reorders },
  audio: { index: 3, codec: 'aac' },
});
const video = { port: 40000, rtcpPort: 40001, ssrc: 11, payloadType: 96 };
const audio = { port: 40002, rtcpPort: 40005, ssrc: 22, payloadType: 111 };

describe('pullCommand', () => {
  it('copies H.264 in decode order, with parameter sets before keyframes, and makes Opus', () => {
    const args = pullCommand({
      url: 'http://origin/live.m3u8',
      probe: probe(false),
      video,
      audio,
      keyframeIntervalMs: 1000,
      maxBitrate: 6_000_000,
    }).join(' ');
    expect(args).toContain('-re -protocol_whitelist http,https,tcp,tls,crypto -i http://origin/live.m3u8');
    expect(args).toContain(
      '-map 0:2 -c:v copy -bsf:v h264_mp4toannexb -f rtp -payload_type 96 -ssrc 11 rtp://127.0.0.1:40000?pkt_size=1200&rtcpport=40001',
    );
    expect(args).toContain(
      '-map 0:3 -c:a libopus -ar 48000 -ac 2 -b:a 128k -f rtp -payload_type 111 -ssrc 22 rtp://127.0.0.1:40002?pkt_size=1200&rtcpport=40005',
    );
    expect(args).not.toContain('libx264');
  });

  it('re-encodes reordered video without B-frames and with a keyframe every interval', () => {
    const args = pullCommand({
      url: 'http://origin/vod.m3u8',
      probe: probe(true),
      video,
      keyframeIntervalMs: 2000,
      maxBitrate: 3_000_000,
    }).join(' ');
    expect(args).toContain('-c:v libx264');
    expect(args).toContain('-bf 0');
    expect(args).toContain('-maxrate 3000000');
    expect(args).toContain('-force_key_frames expr:gte(t,n_forced*2)');
    // No audio target: no audio output.
    expect(args).not.toContain('libopus');
  });

  it('lets a file source open its file and nothing else, and an HLS source only the web', () => {
    const file = pullCommand({
      url: 'file:/srv/media/trailer.mp4',
      probe: probe(false),
      video,
      keyframeIntervalMs: 1000,
      maxBitrate: 6_000_000,
    }).join(' ');
    expect(file).toContain('-re -protocol_whitelist file -i file:/srv/media/trailer.mp4');
    expect(inputProtocols('http://origin/live.m3u8')).toEqual([
      '-protocol_whitelist',
      'http,https,tcp,tls,crypto',
    ]);
  });
});
