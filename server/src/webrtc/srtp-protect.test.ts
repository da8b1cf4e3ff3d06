import { createSecretKey } from 'node:crypto';
import { RtpHeader, RtpPacket, SrtpSession } from 'werift';
import { describe, expect, it } from 'vitest';
import {
  SRTP_AEAD_AES_128_GCM,
  SRTP_AES128_CM_HMAC_SHA1_80,
  protectRtp,
  srtpOverhead,
  type SrtpSessionKeys,
} from './srtp-protect';

const MASTER_KEY = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const OTHER_KEY = Buffer.from('f0e0d0c0b0a090807060504030201000', 'hex');

function sessions(profile: number): { sender: SrtpSession; receiver: SrtpSession; keys: SrtpSessionKeys } {
  const saltLength = profile === SRTP_AEAD_AES_128_GCM ? 12 : 14;
  const salt = Buffer.alloc(saltLength, 0xa5);
  const otherSalt = Buffer.alloc(saltLength, 0x5a);
  const sender = new SrtpSession({
    keys: {
      localMasterKey: MASTER_KEY,
      localMasterSalt: salt,
      remoteMasterKey: OTHER_KEY,
      remoteMasterSalt: otherSalt,
    },
    profile,
  });
  const receiver = new SrtpSession({
    keys: {
      localMasterKey: OTHER_KEY,
      localMasterSalt: otherSalt,
      remoteMasterKey: MASTER_KEY,
      remoteMasterSalt: salt,
    },
    profile,
  });
  const context = sender.localContext;
  return {
    sender,
    receiver,
    keys: {
      profile,
      key: context.srtpSessionKey,
      salt: context.srtpSessionSalt,
      authKey: context.srtpSessionAuthTag,
    },
  };
}

function header(sequenceNumber: number): RtpHeader {
  return new RtpHeader({
    payloadType: 102,
    marker: true,
    sequenceNumber,
    timestamp: 0xdeadbeef,
    ssrc: 0x11223344,
    extensions: [
      { id: 1, payload: Buffer.from('0') },
      { id: 3, payload: Buffer.from([0x12, 0x34, 0x56]) },
    ],
  });
}

const PAYLOAD = Buffer.from(Array.from({ length: 1180 }, (_, i) => (i * 7) & 0xff));

describe('protectRtp', () => {
  for (const [name, profile] of [
    ['AEAD_AES_128_GCM', SRTP_AEAD_AES_128_GCM],
    ['AES128_CM_HMAC_SHA1_80', SRTP_AES128_CM_HMAC_SHA1_80],
  ] as const) {
    it(`makes the bytes werift's SrtpSession makes (${name}), for rollover counters 0 and 3`, () => {
      const { sender, keys } = sessions(profile);
      for (const roc of [0, 3]) {
        const rtp = header(4242);
        const bytes = rtp.serialize(rtp.serializeSize);
        const state = sender.localContext.getSrtpSsrcState(rtp.ssrc);
        state.rolloverCounter = roc;
        state.lastSequenceNumber = 4241;
        const expected = sender.encrypt(PAYLOAD, header(4242));
        const actual = protectRtp(keys, bytes, rtp.ssrc, 4242, roc, PAYLOAD);
        expect(actual.length).toBe(bytes.length + PAYLOAD.length + srtpOverhead(profile));
        expect(actual.equals(expected)).toBe(true);
        // The same with the keys as KeyObjects, as FastRtpSender holds them.
        const asObjects = {
          ...keys,
          key: createSecretKey(keys.key as Buffer),
          authKey: createSecretKey(keys.authKey as Buffer),
        };
        expect(protectRtp(asObjects, bytes, rtp.ssrc, 4242, roc, PAYLOAD).equals(expected)).toBe(true);
      }
    });

    it(`is decrypted by the peer's SRTP session (${name})`, () => {
      const { receiver, keys } = sessions(profile);
      const rtp = header(7);
      const protectedBytes = protectRtp(keys, rtp.serialize(rtp.serializeSize), rtp.ssrc, 7, 0, PAYLOAD);
      const clear = RtpPacket.deSerialize(receiver.decrypt(protectedBytes));
      expect(clear.header.sequenceNumber).toBe(7);
      expect(clear.header.extensions).toHaveLength(2);
      expect(Buffer.compare(clear.payload, PAYLOAD)).toBe(0);
    });
  }

  it('refuses an unknown profile and an AES-CM key set without its authentication key', () => {
    const keys = { profile: 0x0002, key: MASTER_KEY, salt: Buffer.alloc(14) };
    expect(() => protectRtp(keys, Buffer.alloc(12), 1, 1, 0, PAYLOAD)).toThrow(/profile 2/);
    expect(() =>
      protectRtp({ ...keys, profile: SRTP_AES128_CM_HMAC_SHA1_80 }, Buffer.alloc(12), 1, 1, 0, PAYLOAD),
    ).toThrow(/authentication key/);
  });
});
