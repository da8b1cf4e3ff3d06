import { isIP } from 'node:net';
import {
  RTCRtpCodecParameters,
  useAbsSendTime,
  useH264,
  useOPUS,
  useSdesMid,
  useAV1X,
  useVP8,
  useVP9,
  type RTCPeerConnectionConfig,
} from 'werift';
import type { IceConfig } from '../config';

/** True for 127.0.0.0/8 and ::1. */
export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === 'localhost';
}

/**
 * Which remote candidate addresses the relay may talk to. With `ice.hostAddresses` set, only
 * loopback and those addresses (so tests never send a packet off the machine, not even an mDNS
 * query for a `.local` name); otherwise everything.
 */
export function remoteAddressFilter(ice: IceConfig): (address: string) => boolean {
  const hosts = ice.hostAddresses;
  if (!hosts?.length) return () => true;
  return (address) => isLoopbackAddress(address) || hosts.includes(address);
}

/**
 * The werift configuration for every relay peer. werift's defaults (Google STUN, VP8 only,
 * max-compat bundling) are wrong for a server, so everything is explicit. Codecs are matched by
 * MIME type only: the offer is reduced to the chosen payload types before werift sees it.
 */
export function peerConfig(ice: IceConfig): RTCPeerConnectionConfig {
  // No transport-cc: with werift's receive-side TWCC feedback, Chromium's bandwidth estimate for a
  // publisher collapsed (640x360 → 320x180 at ~100 kbit/s within 10 s on loopback). Without it
  // Chromium ramps up on loss-based estimation only (~600 kbit/s after 15 s), so publishers get
  // REMB instead (see PublisherSession.sendRemb).
  const extensions = [useSdesMid(), useAbsSendTime()];
  const config: RTCPeerConnectionConfig = {
    codecs: {
      video: [
        useH264(),
        useVP8(),
        useVP9(),
        // werift still names AV1 by its draft name (AV1X); browsers say AV1.
        useAV1X({ mimeType: 'video/AV1' }),
        new RTCRtpCodecParameters({ mimeType: 'video/rtx', clockRate: 90000 }),
      ],
      audio: [useOPUS()],
    },
    headerExtensions: { video: extensions, audio: extensions },
    iceServers: [],
    bundlePolicy: 'max-bundle',
    // ICE lite, as media servers do: the browser runs the checks. It is also the only way to stop
    // werift querying its hard-coded fallback STUN server (stun.l.google.com) on every session, which
    // costs a DNS lookup and a 5 s gathering timeout where the network is closed, and leaks traffic.
    iceLite: true,
  };
  const hosts = ice.hostAddresses;
  if (hosts?.length) {
    const allow = remoteAddressFilter(ice);
    const v4 = hosts.find((host) => isIP(host) === 4);
    const v6 = hosts.find((host) => isIP(host) === 6);
    // werift always adds the machine's interface addresses unless both families are off; the
    // configured addresses come back through iceAdditionalHostAddresses, and the sockets bind to them.
    Object.assign(config, {
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: hosts,
      iceInterfaceAddresses: { ...(v4 ? { udp4: v4 } : {}), ...(v6 ? { udp6: v6 } : {}) },
      iceFilterCandidatePair: (pair: { remoteCandidate: { host: string } }) =>
        allow(pair.remoteCandidate.host),
    });
  }
  return config;
}
