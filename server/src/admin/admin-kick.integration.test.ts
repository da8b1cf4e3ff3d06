import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import { WebSocket } from 'ws';
import {
  WS_CLOSE_KICKED,
  parseWsMediaServerMessage,
  type AdminSession,
  type AdminStreamList,
} from '@brume/protocol';
import { RelayHarness } from '../testing/relay-harness';
import { createViewer, fullOffer, postOffer, waitFor } from '../testing/werift-client';

const TOKEN = 'kick-test-admin-token-0123456789';

interface LogLine {
  msg: string;
  reason?: string;
  session?: string;
}

describe('admin API: kicking publishers and viewers of every protocol', () => {
  let harness: RelayHarness;
  let base: string;
  const logs: LogLine[] = [];
  const peers: RTCPeerConnection[] = [];
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}` } });

  beforeEach(async () => {
    logs.length = 0;
    harness = await RelayHarness.start({
      logLevel: 'info',
      logStream: { write: (line) => void logs.push(JSON.parse(line) as LogLine) },
      // Polled clients stay viewers for the whole test.
      httpViewerWindowMs: 60_000,
    });
    harness.server.configStore.update((draft) => {
      draft.auth = { adminToken: TOKEN };
    });
    base = harness.base;
  });

  afterEach(async () => {
    await Promise.all(peers.splice(0).map((pc) => pc.close()));
    await harness.close();
  });

  it('ends a WHEP, a WebSocket and a progressive viewer, refuses LL-HLS, then ends the publish: all with reason kicked', async () => {
    await harness.publish('kick');
    const ended = new Map<string, string>();
    harness.server.sessions.events.on('ended', (session) => ended.set(session.protocol, session.reason));

    // WHEP
    const viewer = createViewer();
    peers.push(viewer);
    const whep = await postOffer(`${base}/whep/kick`, await fullOffer(viewer));
    expect(whep.status).toBe(201);
    await viewer.setRemoteDescription({ type: 'answer', sdp: whep.body });
    await waitFor(() => viewer.connectionState === 'connected', 5000, 'WHEP viewer connected');

    // WebSocket fMP4: records its `end` message and close.
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws/kick`);
    let wsBytes = 0;
    let endMessage: string | undefined;
    const wsClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data: Buffer, isBinary) => {
      wsBytes += data.length;
      if (isBinary) return;
      const message = parseWsMediaServerMessage(data.toString('utf8'));
      if (message?.type === 'end') endMessage = message.reason;
    });
    await waitFor(() => wsBytes > 0, 5000, 'WebSocket media');

    // Progressive MP4, read until the server ends it.
    let mp4Bytes = 0;
    const mp4Reading = (async () => {
      const response = await fetch(`${base}/kick.mp4`);
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'done';
          mp4Bytes += value.length;
        }
      } catch {
        return 'cut';
      }
    })();
    await waitFor(() => mp4Bytes > 0, 5000, 'progressive MP4 bytes');

    // LL-HLS: one playlist request makes a (request-based) viewer.
    const playlist = await fetch(`${base}/hls/kick/index.m3u8`);
    expect(playlist.status).toBe(200);
    await playlist.text();

    const listed = (await (await admin('/api/admin/sessions')).json()) as { sessions: AdminSession[] };
    const byProtocol = new Map(listed.sessions.map((session) => [session.protocol, session]));
    expect([...byProtocol.keys()].sort()).toEqual(['ll-hls', 'mp4', 'whep', 'whip', 'ws-mp4']);
    expect(byProtocol.get('ll-hls')!.kickable).toBe(false);
    for (const protocol of ['whip', 'whep', 'ws-mp4', 'mp4'] as const) {
      expect(byProtocol.get(protocol)!.kickable, protocol).toBe(true);
    }

    // LL-HLS: nothing to close; 409 with the reason.
    const hls = await admin(`/api/admin/sessions/${byProtocol.get('ll-hls')!.id}`, { method: 'DELETE' });
    expect(hls.status).toBe(409);
    const hlsError = (await hls.json()) as { error: { code: string; message: string } };
    expect(hlsError.error.code).toBe('admin/not-kickable');
    expect(hlsError.error.message).toMatch(/separate requests/);

    // WHEP: the peer is closed on the server; its resource is gone.
    const whepId = byProtocol.get('whep')!.id;
    const kickedWhep = await admin(`/api/admin/sessions/${whepId}`, { method: 'DELETE' });
    expect(kickedWhep.status).toBe(200);
    expect(await kickedWhep.json()).toMatchObject({ session: whepId, protocol: 'whep', kicked: true });
    expect(ended.get('whep')).toBe('kicked');
    expect(() => harness.server.relay.find('viewer', 'kick', whepId)).toThrow(/no session/);
    expect((await fetch(`${base}${whep.location!}`, { method: 'DELETE' })).status).toBe(404);

    // WebSocket: an `end` message, then close 4001 "kicked".
    const kickedWs = await admin(`/api/admin/sessions/${byProtocol.get('ws-mp4')!.id}`, { method: 'DELETE' });
    expect(kickedWs.status).toBe(200);
    expect(await wsClosed).toEqual({ code: WS_CLOSE_KICKED, reason: 'kicked' });
    expect(endMessage).toBe('kicked by an administrator');
    expect(ended.get('ws-mp4')).toBe('kicked');

    // Progressive: the response is cut.
    const kickedMp4 = await admin(`/api/admin/sessions/${byProtocol.get('mp4')!.id}`, { method: 'DELETE' });
    expect(kickedMp4.status).toBe(200);
    expect(await mp4Reading).toBe('cut');
    expect(ended.get('mp4')).toBe('kicked');

    // Kicking again: the session is gone.
    const again = await admin(`/api/admin/sessions/${whepId}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('session/not-found');

    // The publisher: the stream ends with reason kicked.
    const kickedPublish = await admin('/api/admin/streams/kick/kick', { method: 'POST' });
    expect(kickedPublish.status).toBe(200);
    expect(await kickedPublish.json()).toMatchObject({ stream: 'kick', kicked: true });
    expect(ended.get('whip')).toBe('kicked');
    const stream = harness.server.registry.get('kick')!;
    expect(stream.state).toBe('ended');
    expect(stream.endReason).toBe('kicked');
    const overview = (await (await admin('/api/admin/streams')).json()) as AdminStreamList;
    expect(overview.streams.find((s) => s.name === 'kick')).toMatchObject({
      state: 'ended',
      endReason: 'kicked',
    });

    // The log says it: each session's end line, and the stream's state line.
    for (const protocol of ['whip', 'whep', 'ws-mp4', 'mp4']) {
      expect(
        logs.some(
          (line) => line.reason === 'kicked' && line.msg.includes(` ${protocol} of kick ended (kicked)`),
        ),
        protocol,
      ).toBe(true);
    }
    expect(logs.some((line) => line.msg === 'stream kick: live -> ended (kicked)')).toBe(true);

    // Nothing left to kick.
    const none = await admin('/api/admin/streams/kick/kick', { method: 'POST' });
    expect(none.status).toBe(409);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('stream/not-live');
  });

  it('needs the admin token to kick', async () => {
    await harness.publish('guarded');
    const response = await fetch(`${base}/api/admin/streams/guarded/kick`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(harness.server.registry.get('guarded')?.state).toBe('live');
  });
});
