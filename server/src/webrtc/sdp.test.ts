import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseViewerCodec, choosePublisherCodec, codecString, describeCodec } from './codec-selection';
import {
  attribute,
  codecsOf,
  filterCandidates,
  keepPayloadTypes,
  parseSdp,
  serializeSdp,
  validateOffer,
} from './sdp';
import { SdpError } from './sdp-error';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
/** Real offers from Chromium 156 (`addTransceiver` sendonly canvas+audio, and recvonly video+audio). */
const WHIP_OFFER = fixture('chromium-whip-offer.sdp');
const WHEP_OFFER = fixture('chromium-whep-offer.sdp');

function video(sdp: string) {
  const model = parseSdp(sdp);
  const section = model.media.find((m) => m.kind === 'video');
  if (!section) throw new Error('no video');
  return { model, section };
}

function expectSdpError(fn: () => unknown, code: string, message: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SdpError);
    expect((error as SdpError).code).toBe(code);
    expect((error as SdpError).message).toMatch(message);
    return;
  }
  throw new Error('expected an SdpError');
}

describe('SDP model', () => {
  it('round-trips a Chromium offer byte for byte', () => {
    expect(serializeSdp(parseSdp(WHIP_OFFER))).toBe(WHIP_OFFER);
  });

  it('reads codecs in m= line order with fmtp parameters', () => {
    const codecs = codecsOf(video(WHIP_OFFER).section);
    expect(codecs[0]).toMatchObject({ payloadType: 96, name: 'VP8', clockRate: 90000 });
    expect(codecs.find((c) => c.payloadType === 108)?.params).toMatchObject({
      'packetization-mode': '1',
      'profile-level-id': '42e01f',
    });
  });

  it('finds ICE credentials at media level', () => {
    const { model, section } = video(WHIP_OFFER);
    expect(attribute(model, section, 'ice-ufrag')).toBe('IxxG');
  });

  it('accepts the Chromium offers', () => {
    expect(() => validateOffer(parseSdp(WHIP_OFFER))).not.toThrow();
    expect(() => validateOffer(parseSdp(WHEP_OFFER))).not.toThrow();
  });

  it('says what is wrong with a malformed offer', () => {
    expectSdpError(() => parseSdp('hello'), 'sdp/malformed', /v=0/);
    expectSdpError(
      () => parseSdp('v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n'),
      'sdp/malformed',
      /no m= line/,
    );
    expectSdpError(
      () => validateOffer(parseSdp(WHIP_OFFER.replace(/a=ice-ufrag:.*\r\n/g, ''))),
      'sdp/malformed',
      /missing a=ice-ufrag/,
    );
    expectSdpError(
      () => validateOffer(parseSdp(WHIP_OFFER.replace(/a=fingerprint:.*\r\n/g, ''))),
      'sdp/malformed',
      /missing a=fingerprint/,
    );
    expectSdpError(() => parseSdp(WHIP_OFFER.replace('m=audio 9', 'm=audio x')), 'sdp/malformed', /m= line/);
  });

  it('keeps only the chosen payload types', () => {
    const { section } = video(WHIP_OFFER);
    const kept = keepPayloadTypes(section, [108, 109]);
    expect(kept.formats).toEqual(['108', '109']);
    expect(kept.lines.filter((l) => l.startsWith('a=rtpmap'))).toEqual([
      'a=rtpmap:108 H264/90000',
      'a=rtpmap:109 rtx/90000',
    ]);
    expect(kept.lines.some((l) => l.startsWith('a=rtcp-fb:96'))).toBe(false);
    expect(kept.lines).toContain('a=rtcp-fb:108 nack pli');
    expect(kept.lines).toContain('a=ssrc-group:FID 3175761861 3209816118');
  });

  it('filters candidates by address', () => {
    const { section } = video(WHIP_OFFER);
    const loopback = filterCandidates(section, (address) => address === '127.0.0.1');
    const candidates = loopback.lines.filter((l) => l.startsWith('a=candidate:'));
    expect(candidates).toHaveLength(2);
    expect(candidates.every((c) => c.includes(' 127.0.0.1 '))).toBe(true);
  });
});

describe('codec selection', () => {
  it('picks H.264 42e01f packetization-mode 1 with its RTX from a Chromium publisher', () => {
    const choice = choosePublisherCodec(video(WHIP_OFFER).section);
    expect(choice).toMatchObject({
      name: 'H264',
      payloadType: 108,
      rtxPayloadType: 109,
      profileLevelId: '42e01f',
    });
    expect(codecString(choice)).toBe('avc1.42e01f');
    expect(describeCodec(choice)).toBe('H264 pt=108 42e01f rtx=109');
  });

  it('never picks packetization-mode 0', () => {
    const only0 = WHIP_OFFER.replace(/packetization-mode=1/g, 'packetization-mode=0');
    expect(choosePublisherCodec(video(only0).section)).toMatchObject({ name: 'VP8', payloadType: 96 });
  });

  it('prefers constrained baseline over main and high', () => {
    const sdp = [
      'v=0',
      'o=- 1 1 IN IP4 0.0.0.0',
      's=-',
      't=0 0',
      'm=video 9 UDP/TLS/RTP/SAVPF 100 101 102',
      'a=mid:0',
      'a=rtpmap:100 H264/90000',
      'a=fmtp:100 packetization-mode=1;profile-level-id=640c1f',
      'a=rtpmap:101 H264/90000',
      'a=fmtp:101 packetization-mode=1;profile-level-id=4d001f',
      'a=rtpmap:102 H264/90000',
      'a=fmtp:102 packetization-mode=1;profile-level-id=42e01f',
      '',
    ].join('\r\n');
    expect(choosePublisherCodec(video(sdp).section).payloadType).toBe(102);
    const highOnly = sdp.replace(
      /m=video 9 UDP\/TLS\/RTP\/SAVPF 100 101 102/,
      'm=video 9 UDP/TLS/RTP/SAVPF 100',
    );
    expect(choosePublisherCodec(video(highOnly).section)).toMatchObject({
      payloadType: 100,
      profileLevelId: '640c1f',
    });
  });

  it('picks Opus for audio', () => {
    const audio = parseSdp(WHIP_OFFER).media.find((m) => m.kind === 'audio');
    expect(audio && choosePublisherCodec(audio)).toMatchObject({
      name: 'opus',
      payloadType: 111,
      channels: 2,
    });
  });

  it('takes VP9 or AV1 (with RTX) from an offer without H.264, in the offer order', () => {
    const vp9 = choosePublisherCodec(
      video(WHIP_OFFER.replace(/^m=video (\d+) (\S+) .*$/m, 'm=video $1 $2 98 99 45 46')).section,
    );
    expect(vp9).toMatchObject({ name: 'VP9', payloadType: 98, rtxPayloadType: 99 });
    expect(codecString(vp9)).toBe('vp9');
    const av1 = choosePublisherCodec(
      video(WHIP_OFFER.replace(/^m=video (\d+) (\S+) .*$/m, 'm=video $1 $2 45 46 98 99')).section,
    );
    expect(av1).toMatchObject({ name: 'AV1', payloadType: 45, rtxPayloadType: 46 });
    expect(codecString(av1)).toBe('av01.0.05M.08');
    // H.264 still wins whatever the order: only it can be packaged.
    expect(choosePublisherCodec(video(WHIP_OFFER).section).name).toBe('H264');
  });

  it('matches a VP9 or AV1 viewer payload type on the bitstream profile', () => {
    const offer = (pts: string) => WHIP_OFFER.replace(/^m=video (\d+) (\S+) .*$/m, `m=video $1 $2 ${pts}`);
    const vp9Profile2 = choosePublisherCodec(video(offer('100 101')).section);
    expect(vp9Profile2.params['profile-id']).toBe('2');
    const viewer = chooseViewerCodec(video(WHEP_OFFER).section, vp9Profile2);
    expect(viewer).toMatchObject({ name: 'VP9', params: { 'profile-id': '2' } });
    const av1 = chooseViewerCodec(
      video(WHEP_OFFER).section,
      choosePublisherCodec(video(offer('45 46')).section),
    );
    expect(av1).toMatchObject({ name: 'AV1', payloadType: 45 });
  });

  it('rejects an offer without a usable codec', () => {
    const redOnly = WHIP_OFFER.replace(/^m=video (\d+) (\S+) .*$/m, 'm=video $1 $2 118 119');
    expectSdpError(() => choosePublisherCodec(video(redOnly).section), 'sdp/no-usable-codec', /red/);
  });

  it("matches the viewer's payload type to the publisher's profile", () => {
    const source = choosePublisherCodec(video(WHIP_OFFER).section);
    const viewer = chooseViewerCodec(video(WHEP_OFFER).section, source);
    expect(viewer).toMatchObject({
      name: 'H264',
      payloadType: 108,
      rtxPayloadType: 109,
      profileLevelId: '42e01f',
    });

    const main = { ...source, profileLevelId: '4d0032' };
    expect(chooseViewerCodec(video(WHEP_OFFER).section, main).payloadType).toBe(116);

    const vp8 = choosePublisherCodec(
      video(WHIP_OFFER.replace(/packetization-mode=1/g, 'packetization-mode=0')).section,
    );
    expect(chooseViewerCodec(video(WHEP_OFFER).section, vp8)).toMatchObject({ name: 'VP8', payloadType: 96 });
  });

  it('rejects a viewer that cannot take the stream codec', () => {
    const source = choosePublisherCodec(video(WHIP_OFFER).section);
    const vp8Viewer = WHEP_OFFER.replace(/^m=video (\d+) (\S+) .*$/m, 'm=video $1 $2 96 97');
    expectSdpError(
      () => chooseViewerCodec(video(vp8Viewer).section, source),
      'sdp/no-usable-codec',
      /avc1\.42e01f/,
    );
  });
});
