import { describe, expect, it } from 'vitest';
import { answeredCodecs } from './origin-pull';

const offer = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99',
  'a=rtpmap:96 H264/90000',
  'a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 H264/90000',
  'a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640032',
  'a=rtpmap:99 rtx/90000',
  'a=fmtp:99 apt=98',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=rtpmap:111 opus/48000/2',
  '',
].join('\r\n');

/** werift answers with its own fmtp: the profile must come from the edge's offer entry. */
const answer = [
  'v=0',
  'o=- 2 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 98 99',
  'a=rtpmap:98 H264/90000',
  'a=fmtp:98 packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:99 rtx/90000',
  'a=fmtp:99 apt=98',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=rtpmap:111 opus/48000/2',
  '',
].join('\r\n');

describe('answeredCodecs', () => {
  it('takes the payload type the origin chose, described by the edge offer (profile, RTX)', () => {
    const codecs = answeredCodecs(offer, answer);
    expect(codecs.video).toMatchObject({
      name: 'H264',
      payloadType: 98,
      rtxPayloadType: 99,
      profileLevelId: '640032',
    });
    expect(codecs.audio).toMatchObject({ name: 'opus', payloadType: 111, clockRate: 48000, channels: 2 });
  });
});
