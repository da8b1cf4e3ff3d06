import type { StreamFeedMessage, StreamInfo } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GenericNack,
  RTCRtpCodecParameters,
  ReceiverEstimatedMaxBitrate,
  RtcpPayloadSpecificFeedback,
  RtcpTransportLayerFeedback,
  useH264,
  type RTCPeerConnection,
  type RtpPacket,
} from 'werift';
import { createServer, type BrumeServer } from '../index';
import { withNewIceCredentials } from './offer';
import { silentLogger } from '../util/logger';
import { restartIceChecks } from './peer-session';
import { attribute, attributes, parseSdp, serializeSdp } from './sdp';
import { parseSdpFrag } from './sdp-frag';
import { startMedia } from '../testing/test-media';
import {
  LOOPBACK,
  createPublisher,
  createViewer,
  fullOffer,
  postOffer,
  waitFor,
} from '../testing/werift-client';

/** Reads the SSE feed into a list of infos. */
function followFeed(url: string): { infos: StreamInfo[]; close(): void } {
  const infos: StreamInfo[] = [];
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(url, { signal: controller.signal });
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = (await reader?.read()) ?? { done: true, value: undefined };
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (event.includes('event: info') && data) {
          infos.push((JSON.parse(data.slice('data: '.length)) as StreamFeedMessage).info);
        }
      }
    }
  })().catch(() => {});
  return { infos, close: () => controller.abort() };
}

describe('WHIP → WHEP relay over loopback (werift on both sides)', () => {
  let server: BrumeServer;
  let base: string;
  const peers: RTCPeerConnection[] = [];
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    server = await createServer({
      port: 0,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'silent',
      keyframeIntervalMs: 100,
    });
    base = await server.listen();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await server.close();
  });

  it('relays H.264 and Opus from a publisher to a viewer, with PLI, state and SSE', async () => {
    const feed = followFeed(`${base}/api/streams/test/events`);
    cleanups.push(feed.close);

    const publisher = createPublisher();
    peers.push(publisher.pc);
    const whip = await postOffer(`${base}/whip/test`, await fullOffer(publisher.pc));
    expect(whip.status).toBe(201);
    expect(whip.location).toMatch(/^\/whip\/test\/[0-9a-f]{32}$/);
    expect(whip.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(whip.body).toContain('a=rtpmap:');
    expect(whip.body).toMatch(/127\.0\.0\.1 \d+ typ host/);
    expect(whip.body).not.toMatch(/192\.0\.2|fd00::/);
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    await waitFor(() => publisher.pc.connectionState === 'connected', 5000, 'publisher connected');

    const media = startMedia(publisher);
    cleanups.push(media.stop);
    await waitFor(() => server.registry.get('test')?.state === 'live', 3000, 'stream live');

    const viewer = createViewer();
    peers.push(viewer);
    const received = { video: 0, audio: 0, matching: 0, payloadTypes: new Set<number>() };
    viewer.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((packet) => {
        received[track.kind === 'video' ? 'video' : 'audio']++;
        if (track.kind === 'video') {
          received.payloadTypes.add(packet.header.payloadType);
          if (media.payloads.has(packet.payload.toString('hex'))) received.matching++;
        }
      });
    });
    const whep = await postOffer(`${base}/whep/test`, await fullOffer(viewer));
    expect(whep.status).toBe(201);
    expect(whep.location).toMatch(/^\/whep\/test\/[0-9a-f]{32}$/);
    // The viewer's answer carries exactly one video codec: the publisher's H.264 profile, mode 1.
    const videoSection = whep.body.slice(whep.body.indexOf('m=video'));
    expect(videoSection).toMatch(/a=fmtp:\d+ .*packetization-mode=1/);
    expect(videoSection).toContain('profile-level-id=42e01f');
    await viewer.setRemoteDescription({ type: 'answer', sdp: whep.body });

    const pliBeforeViewer = publisher.pliCount();
    await waitFor(() => received.video > 20 && received.audio > 20, 5000, 'media at the viewer');
    expect(received.matching).toBeGreaterThan(0);
    // Joining asked the publisher for a keyframe.
    await waitFor(() => publisher.pliCount() > pliBeforeViewer, 2000, 'join PLI at the publisher');

    // A PLI from the viewer reaches the publisher.
    const pliBefore = publisher.pliCount();
    const videoReceiver = viewer.getTransceivers().find((t) => t.kind === 'video')?.receiver;
    const mediaSsrc = Object.keys(videoReceiver?.trackBySSRC ?? {}).map(Number)[0];
    expect(mediaSsrc).toBeDefined();
    await videoReceiver?.sendRtcpPLI(mediaSsrc ?? 0);
    await waitFor(() => publisher.pliCount() > pliBefore, 2000, 'viewer PLI at the publisher');

    // The API reports the stream with its tracks and WHEP source.
    const info = (await (await fetch(`${base}/api/streams/test`)).json()) as StreamInfo;
    expect(info.state).toBe('live');
    expect(info.tracks.map((t) => t.codec)).toEqual(['avc1.42e01f', 'opus']);
    await waitFor(() => server.registry.get('test')?.tracks[0]?.width === 320, 2000, 'size from SPS');
    expect(server.registry.get('test')?.tracks[0]).toMatchObject({ width: 320, height: 180 });
    expect(info.sources).toEqual([
      {
        protocol: 'whep',
        url: `${base}/whep/test`,
        mime: 'application/sdp',
        priority: 100,
        lowLatency: true,
        tracks: [0, 1],
      },
      {
        protocol: 'ws-mp4',
        url: `${base.replace(/^http/, 'ws')}/ws/test`,
        mime: 'video/mp4',
        priority: 50,
        lowLatency: true,
        tracks: [0, 1],
      },
      {
        protocol: 'll-hls',
        url: `${base}/hls/test/index.m3u8`,
        mime: 'application/vnd.apple.mpegurl',
        priority: 40,
        lowLatency: true,
        tracks: [0, 1],
      },
      {
        protocol: 'll-dash',
        url: `${base}/dash/test/index.mpd`,
        mime: 'application/dash+xml',
        priority: 30,
        lowLatency: true,
        tracks: [0, 1],
      },
      {
        protocol: 'mp4',
        url: `${base}/test.mp4`,
        mime: 'video/mp4',
        priority: 10,
        lowLatency: false,
        tracks: [0, 1],
      },
      {
        protocol: 'ts',
        url: `${base}/test.ts`,
        mime: 'video/mp2t',
        priority: 5,
        lowLatency: false,
        // MPEG-TS carries the video only: Opus has no TS mapping in mediabunny.
        tracks: [0],
      },
    ]);
    const list = (await (await fetch(`${base}/api/streams`)).json()) as { streams: { viewers: number }[] };
    expect(list.streams[0]).toMatchObject({ name: 'test', state: 'live', viewers: 1 });

    // DELETE ends the publish: the stream ends, viewers are closed, the feed says so.
    const deleted = await fetch(`${base}${whip.location}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(server.registry.get('test')?.state).toBe('ended');
    expect(server.relay.sessionCount).toBe(0);
    expect((await fetch(`${base}${whep.location}`, { method: 'DELETE' })).status).toBe(404);
    await waitFor(() => feed.infos.some((i) => i.state === 'ended'), 2000, 'ended in the feed');
    const states = feed.infos.map((i) => i.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['offline', 'starting', 'live', 'ended']);
    expect(feed.infos.at(-1)?.sources).toEqual([]);
  }, 15_000);

  it('sends the publisher REMB with the ingest cap every second, and stops on close', async () => {
    await server.close();
    server = await createServer({
      port: 0,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'silent',
      maxIngestBitrate: 2_500_000,
    });
    base = await server.listen();
    const publisher = createPublisher();
    peers.push(publisher.pc);
    const rembs: bigint[] = [];
    publisher.videoSender.onRtcp.subscribe((packet) => {
      if (
        packet instanceof RtcpPayloadSpecificFeedback &&
        packet.feedback instanceof ReceiverEstimatedMaxBitrate
      )
        rembs.push(packet.feedback.bitrate);
    });
    const whip = await postOffer(`${base}/whip/remb`, await fullOffer(publisher.pc));
    expect(whip.body).toMatch(/a=rtcp-fb:\d+ goog-remb/);
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    await waitFor(() => publisher.pc.connectionState === 'connected', 5000, 'publisher connected');
    const media = startMedia(publisher);
    cleanups.push(media.stop);
    // One at the first video packet, then one a second.
    await waitFor(() => rembs.length >= 2, 3000, 'two REMBs');
    expect(rembs.every((bitrate) => bitrate === 2_500_000n)).toBe(true);

    expect((await fetch(`${base}${whip.location}`, { method: 'DELETE' })).status).toBe(200);
    const after = rembs.length;
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(rembs.length).toBe(after);
  }, 10_000);

  it("answers a viewer's Generic NACK with a retransmission of the same payload (RTX)", async () => {
    const publisher = createPublisher();
    peers.push(publisher.pc);
    const whip = await postOffer(`${base}/whip/nack`, await fullOffer(publisher.pc));
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    await waitFor(() => publisher.pc.connectionState === 'connected', 5000, 'publisher connected');
    const media = startMedia(publisher);
    cleanups.push(media.stop);
    await waitFor(() => server.registry.get('nack')?.state === 'live', 3000, 'stream live');

    // A viewer that takes RTX for H.264, as Chromium does.
    const viewer = createViewer([
      useH264(),
      new RTCRtpCodecParameters({ mimeType: 'video/rtx', clockRate: 90000 }),
    ]);
    peers.push(viewer);
    // Every video packet as the viewer's track sees it: werift unwraps RTX back to the original
    // sequence number and payload type, so a retransmission shows up as a second copy.
    const copies = new Map<number, RtpPacket[]>();
    viewer.onTrack.subscribe((track) => {
      if (track.kind !== 'video') return;
      track.onReceiveRtp.subscribe((packet) => {
        const seen = copies.get(packet.header.sequenceNumber) ?? [];
        seen.push(packet);
        copies.set(packet.header.sequenceNumber, seen);
      });
    });
    const whep = await postOffer(`${base}/whep/nack`, await fullOffer(viewer));
    // The relay answers with RTX bound to the H.264 payload type.
    expect(whep.body).toMatch(/a=fmtp:\d+ apt=\d+/);
    await viewer.setRemoteDescription({ type: 'answer', sdp: whep.body });
    await waitFor(() => copies.size > 30, 5000, 'video at the viewer');

    // NACK a packet the viewer already has: recent enough to be in werift's 128-packet history.
    const seqs = [...copies.keys()];
    const target = seqs[seqs.length - 5] ?? 0;
    const original = copies.get(target)?.[0];
    if (!original) throw new Error('no packet to NACK');
    const receiver = viewer.getTransceivers().find((t) => t.kind === 'video')?.receiver;
    if (!receiver) throw new Error('no video receiver');
    const nack = new RtcpTransportLayerFeedback({
      feedback: new GenericNack({
        senderSsrc: receiver.rtcpSsrc,
        mediaSourceSsrc: original.header.ssrc,
        lost: [target],
      }),
    });
    await receiver.dtlsTransport.sendRtcp([nack]);
    await waitFor(() => (copies.get(target)?.length ?? 0) >= 2, 3000, 'retransmission of the NACKed packet');
    const again = copies.get(target)?.[1];
    expect(again?.header.ssrc).toBe(original.header.ssrc);
    expect(again?.header.payloadType).toBe(original.header.payloadType);
    expect(again?.payload.equals(original.payload)).toBe(true);
    // werift's sender served it from its history, wrapped as RTX (it has an RTX payload type).
    const session = server.relay.find('viewer', 'nack', whep.location?.split('/')[3] ?? '');
    const serverPc = (session as unknown as { pc: RTCPeerConnection }).pc;
    const sender = serverPc.getTransceivers().find((t) => t.kind === 'video')?.sender as unknown as {
      retransmittedPacketsSent: number;
      rtxPayloadType?: number;
    };
    expect(sender.retransmittedPacketsSent).toBeGreaterThanOrEqual(1);
    expect(sender.rtxPayloadType).toBeDefined();
  }, 10_000);

  it('lets a publisher that lost its connection be replaced, and refuses a second live one', async () => {
    const first = createPublisher();
    peers.push(first.pc);
    const whip = await postOffer(`${base}/whip/again`, await fullOffer(first.pc));
    await first.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    await waitFor(() => first.pc.connectionState === 'connected', 5000, 'publisher connected');
    const media = startMedia(first);
    cleanups.push(media.stop);
    await waitFor(() => server.registry.get('again')?.state === 'live', 3000, 'stream live');

    const second = createPublisher();
    peers.push(second.pc);
    const busy = await postOffer(`${base}/whip/again`, await fullOffer(second.pc));
    expect(busy.status).toBe(409);
    expect(JSON.parse(busy.body)).toMatchObject({ error: { code: 'whip/stream-busy' } });

    // The first publisher goes silent (as if its network vanished): after ~2 s it can be replaced.
    media.stop();
    await new Promise((resolve) => setTimeout(resolve, 2300));
    const third = createPublisher();
    peers.push(third.pc);
    const replaced = await postOffer(`${base}/whip/again`, await fullOffer(third.pc));
    expect(replaced.status).toBe(201);
    expect(server.registry.get('again')?.state).toBe('starting');
    expect((await fetch(`${base}${whip.location}`, { method: 'DELETE' })).status).toBe(404);
  }, 15_000);
});

describe('ICE restart through PATCH', () => {
  let server: BrumeServer;
  const peers: RTCPeerConnection[] = [];
  let stopMedia = () => {};

  afterEach(async () => {
    stopMedia();
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await server.close();
  });

  it('re-runs ICE with new credentials on a connected publisher, with a new ETag', async () => {
    server = await createServer({ port: 0, host: '127.0.0.1', ice: LOOPBACK, logLevel: 'silent' });
    const base = await server.listen();
    const publisher = createPublisher();
    peers.push(publisher.pc);
    const whip = await postOffer(`${base}/whip/restart`, await fullOffer(publisher.pc));
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    await waitFor(() => publisher.pc.connectionState === 'connected', 5000, 'publisher connected');
    const media = startMedia(publisher);
    stopMedia = media.stop;
    await waitFor(() => server.registry.get('restart')?.state === 'live', 3000, 'stream live');
    await new Promise((resolve) => setTimeout(resolve, 300));

    // The client restarts: new credentials and candidates go to the server in one PATCH.
    const offer = await publisher.pc.createOffer({ iceRestart: true });
    await publisher.pc.setLocalDescription(offer);
    const local = parseSdp(publisher.pc.localDescription?.sdp ?? '');
    const first = local.media[0];
    if (!first) throw new Error('no m= line');
    const frag = [
      `a=ice-ufrag:${attribute(local, first, 'ice-ufrag')}`,
      `a=ice-pwd:${attribute(local, first, 'ice-pwd')}`,
      `m=${first.kind} 9 ${first.proto} ${first.formats.join(' ')}`,
      'a=mid:0',
      ...attributes(first.lines, 'candidate').map((c) => `a=candidate:${c}`),
      'a=end-of-candidates',
      '',
    ].join('\r\n');
    const response = await fetch(`${base}${whip.location}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', 'If-Match': whip.etag ?? '*' },
      body: frag,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).not.toBe(whip.etag);
    const answerFrag = parseSdpFrag(await response.text());
    const answer = withNewIceCredentials(
      parseSdp(publisher.pc.remoteDescription?.sdp ?? ''),
      answerFrag.ufrag ?? '',
      answerFrag.pwd ?? '',
      answerFrag.media[0]?.candidates ?? [],
    );
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: serializeSdp(answer) });
    // The werift client needs the same nudge as the server side (see restartIceChecks).
    restartIceChecks(publisher.pc, silentLogger);

    // Both ICE agents run a new session with the new credentials. (Media resuming after the
    // restart is checked with Chromium as the client; werift 0.24 as a client does not resume.)
    const session = server.relay.find('publisher', 'restart', whip.location?.split('/')[3] ?? '');
    const serverPc = (session as unknown as { pc: RTCPeerConnection }).pc;
    const serverIce = () => serverPc.iceTransports[0]?.connection;
    await waitFor(
      () =>
        serverIce()?.remoteUsername === attribute(local, first, 'ice-ufrag') &&
        serverIce()?.localUsername === answerFrag.ufrag &&
        serverPc.iceConnectionState === 'completed',
      5000,
      'server ICE completed with the new credentials',
    );
    expect(session.closed).toBe(false);
    expect(server.registry.get('restart')?.state).toBe('live');
  }, 15_000);
});
