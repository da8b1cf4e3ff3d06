import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareOffer } from './offer';
import { parseSdp } from './sdp';

const WHIP_OFFER = readFileSync(new URL('./fixtures/chromium-whip-offer.sdp', import.meta.url), 'utf8');
const ICE = { hostAddresses: ['127.0.0.1'] };

/** The fixture as Chromium offers it with `sendEncodings` rid f/h/q (RFC 8853). */
const SIMULCAST_OFFER = WHIP_OFFER.replace(
  /(m=audio)/,
  'a=rid:f send\r\na=rid:h send\r\na=rid:q send\r\na=simulcast:send f;h;q\r\n$1',
);

describe('prepareOffer', () => {
  it("declines a publisher's simulcast, keeping the rest of the video section", () => {
    expect(SIMULCAST_OFFER).toContain('a=simulcast:send f;h;q');
    const prepared = prepareOffer(SIMULCAST_OFFER, ICE);
    expect(prepared.declinedSimulcast).toEqual(['f', 'h', 'q']);
    expect(prepared.sdp).not.toMatch(/^a=(rid|simulcast):/m);
    const video = parseSdp(prepared.sdp).media.find((m) => m.kind === 'video');
    expect(video?.formats).toEqual(['108', '109']);
    expect(prepared.codecs.video?.name).toBe('H264');
  });

  it('says nothing about simulcast for a single-encoding offer', () => {
    expect(prepareOffer(WHIP_OFFER, ICE).declinedSimulcast).toBeUndefined();
  });
});
