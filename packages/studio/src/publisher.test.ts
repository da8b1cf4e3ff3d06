import { WhipError, type WhipSessionOptions } from '@brume/whip';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { Publisher, type PublisherOptions, type PublisherState, type PublishSession } from './publisher';

/** Just enough of RTCPeerConnection for the publisher; the test drives connectionState. */
class FakePeerConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = 'new';
  readonly transceivers: {
    init: RTCRtpTransceiverInit;
    sender: {
      track: unknown;
      replaceTrack: Mock<(track: unknown) => Promise<void>>;
      getParameters: () => RTCRtpSendParameters;
      setParameters: Mock<(parameters: RTCRtpSendParameters) => Promise<void>>;
    };
    setCodecPreferences: Mock<(codecs: RTCRtpCodec[]) => void>;
  }[] = [];
  closed = false;
  readonly getStats = vi.fn(async () => new Map<string, object>());

  constructor(readonly config: RTCConfiguration) {
    super();
  }

  addTransceiver(trackOrKind: unknown, init: RTCRtpTransceiverInit): unknown {
    const sender = {
      track: typeof trackOrKind === 'string' ? null : trackOrKind,
      replaceTrack: vi.fn(async (track: unknown) => {
        sender.track = track;
      }),
      getParameters: () =>
        ({
          transactionId: 't1',
          encodings: init.sendEncodings?.map((e) => ({ ...e })) ?? [{ active: true }],
        }) as unknown as RTCRtpSendParameters,
      setParameters: vi.fn(async (_parameters: RTCRtpSendParameters) => undefined),
    };
    const transceiver = { init, sender, setCodecPreferences: vi.fn((_codecs: RTCRtpCodec[]) => undefined) };
    this.transceivers.push(transceiver);
    return transceiver;
  }

  close(): void {
    this.closed = true;
    this.connectionState = 'closed';
  }

  setState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}

interface FakeSession extends PublishSession {
  restartIce: Mock<() => Promise<void>>;
  close: Mock<() => Promise<void>>;
  dispose: Mock<() => void>;
}

type PostOutcome = 'ok' | 'no-ice' | WhipError;

/** A publisher wired to fakes. `outcomes` scripts each POST in order; later POSTs succeed. */
function setup(
  outcomes: PostOutcome[] = [],
  restart: 'ok' | 'fail' | 'unsupported' = 'fail',
  extra: Partial<PublisherOptions> = {},
) {
  const pcs: FakePeerConnection[] = [];
  const sessions: FakeSession[] = [];
  const posts: WhipSessionOptions[] = [];
  const states: PublisherState[] = [];
  const startSession = vi.fn(async (pc: RTCPeerConnection, options: WhipSessionOptions) => {
    posts.push(options);
    const outcome = outcomes.shift() ?? 'ok';
    if (outcome instanceof WhipError) throw outcome;
    const fake = pc as unknown as FakePeerConnection;
    const session: FakeSession = {
      resourceUrl: `http://relay.test/whip/cam1/s${sessions.length + 1}`,
      ...(restart === 'unsupported' ? { canRestartIce: false } : {}),
      restartIce: vi.fn(async () => {
        if (restart === 'fail') throw new WhipError('whip/not-found', 'ICE restart failed (404)');
        setTimeout(() => fake.setState('connected'), 50);
      }),
      close: vi.fn(async () => undefined),
      dispose: vi.fn(),
    };
    sessions.push(session);
    if (outcome === 'ok') setTimeout(() => fake.setState('connected'), 20);
    return session;
  });
  const publisher = new Publisher({
    server: 'http://relay.test/',
    stream: 'cam1',
    token: 'secret',
    connectTimeoutMs: 3000,
    sessionStore: null,
    createPeerConnection: (config) => {
      const pc = new FakePeerConnection(config);
      pcs.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    startSession,
    ...extra,
  });
  publisher.on('state', ({ state }) => states.push(state));
  const video = {
    kind: 'video',
    stop: vi.fn(),
    getSettings: () => ({ width: 1280, height: 720, frameRate: 30 }),
  };
  const audio = { kind: 'audio', stop: vi.fn() };
  const media = { getVideoTracks: () => [video], getAudioTracks: () => [audio] } as unknown as MediaStream;
  const last = (): FakePeerConnection => {
    const pc = pcs.at(-1);
    if (!pc) throw new Error('no peer connection yet');
    return pc;
  };
  return { publisher, pcs, sessions, posts, states, media, video, audio, last, startSession };
}

/** Publishes and lets the fake connection come up. */
async function goLive(t: ReturnType<typeof setup>): Promise<void> {
  const done = t.publisher.publish(t.media);
  await vi.advanceTimersByTimeAsync(20);
  await done;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Publisher', () => {
  it('goes idle → connecting → live with sendonly transceivers and max-bundle', async () => {
    const t = setup();
    await goLive(t);
    expect(t.states).toEqual(['connecting', 'live']);
    expect(t.publisher.state).toBe('live');
    expect(t.posts[0]).toMatchObject({ endpoint: 'http://relay.test/whip/cam1', token: 'secret' });
    const pc = t.last();
    expect(pc.config.bundlePolicy).toBe('max-bundle');
    expect(pc.transceivers.map((x) => x.init.direction)).toEqual(['sendonly', 'sendonly']);
    expect(pc.transceivers.map((x) => x.sender.track)).toEqual([t.video, t.audio]);
  });

  it('caps the video encoder for its picture size and keeps the resolution', async () => {
    const t = setup();
    await goLive(t);
    const sender = t.last().transceivers[0]?.sender;
    expect(sender?.setParameters).toHaveBeenCalledTimes(1);
    expect(sender?.setParameters.mock.calls[0]?.[0]).toEqual({
      transactionId: 't1',
      encodings: [{ active: true, maxBitrate: 3_000_000 }],
      degradationPreference: 'maintain-resolution',
    });
  });

  it('offers VP8 without H.264 when asked for VP8', async () => {
    const capabilities = {
      codecs: [
        { mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'packetization-mode=1' },
        { mimeType: 'video/rtx', clockRate: 90000 },
        { mimeType: 'video/VP8', clockRate: 90000 },
      ],
      headerExtensions: [],
    };
    vi.stubGlobal('RTCRtpSender', { getCapabilities: () => capabilities });
    vi.stubGlobal('RTCRtpReceiver', { getCapabilities: () => capabilities });
    try {
      const t = setup([], 'fail', { videoCodec: 'vp8' });
      await goLive(t);
      const preferences = t.last().transceivers[0]?.setCodecPreferences.mock.calls.at(-1)?.[0];
      expect(preferences?.map((c) => c.mimeType)).toEqual(['video/VP8', 'video/rtx']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('rejects an invalid stream name without touching the network', async () => {
    const t = setup();
    const publisher = new Publisher({
      stream: 'bad name!',
      server: 'http://relay.test',
      startSession: t.startSession,
    });
    await expect(publisher.publish(t.media)).rejects.toMatchObject({ code: 'studio/invalid-stream-name' });
    expect(publisher.state).toBe('error');
    expect(t.startSession).not.toHaveBeenCalled();
  });

  it('maps a 409 on the first POST to studio/stream-busy and closes the connection', async () => {
    const t = setup([
      WhipError.fromResponse(409, '{"error":{"code":"whip/stream-busy","message":"busy"}}', 'POST'),
    ]);
    await expect(t.publisher.publish(t.media)).rejects.toMatchObject({ code: 'studio/stream-busy' });
    expect(t.publisher.state).toBe('error');
    expect(t.publisher.error?.code).toBe('studio/stream-busy');
    expect(t.last().closed).toBe(true);
  });

  it('fails when ICE never connects', async () => {
    const t = setup(['no-ice']);
    const done = t.publisher.publish(t.media);
    const rejected = expect(done).rejects.toMatchObject({ code: 'studio/connection-failed' });
    await vi.advanceTimersByTimeAsync(3000);
    await rejected;
    expect(t.sessions[0]?.close).toHaveBeenCalled();
  });

  it('stop() DELETEs the session and closes the connection but leaves the tracks running', async () => {
    const t = setup();
    await goLive(t);
    await t.publisher.stop();
    expect(t.sessions[0]?.close).toHaveBeenCalledTimes(1);
    expect(t.last().closed).toBe(true);
    expect(t.video.stop).not.toHaveBeenCalled();
    expect(t.audio.stop).not.toHaveBeenCalled();
    expect(t.states).toEqual(['connecting', 'live', 'idle']);
  });

  it('stop() while connecting rejects publish with studio/stopped and ends idle', async () => {
    const t = setup(['no-ice']);
    const done = t.publisher.publish(t.media);
    const rejected = expect(done).rejects.toMatchObject({ code: 'studio/stopped' });
    await vi.advanceTimersByTimeAsync(10);
    await t.publisher.stop();
    await rejected;
    expect(t.publisher.state).toBe('idle');
    expect(t.sessions[0]?.close).toHaveBeenCalled();
  });

  it('restarts ICE first when the connection fails, keeping the session', async () => {
    const t = setup([], 'ok');
    await goLive(t);
    t.last().setState('failed');
    await vi.advanceTimersByTimeAsync(60);
    expect(t.sessions[0]?.restartIce).toHaveBeenCalledTimes(1);
    expect(t.posts).toHaveLength(1);
    expect(t.states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('waits out a short disconnect before reconnecting', async () => {
    const t = setup([], 'ok');
    await goLive(t);
    t.last().setState('disconnected');
    await vi.advanceTimersByTimeAsync(1500);
    t.last().setState('connected');
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.sessions[0]?.restartIce).not.toHaveBeenCalled();
    expect(t.publisher.state).toBe('live');
  });

  it('re-POSTs with backoff when the ICE restart fails, deleting the old session first', async () => {
    const network = new WhipError('whip/network', 'Could not reach the server');
    const t = setup(['ok', network, network]);
    const delays: number[] = [];
    t.publisher.on('reconnect', ({ delayMs }) => delays.push(delayMs));
    await goLive(t);
    t.last().setState('failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sessions[0]?.close).toHaveBeenCalled();
    expect(t.posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000); // attempt 1 → network error
    expect(t.posts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(t.posts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1); // attempt 2 after 2 s → network error
    expect(t.posts).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000 + 20); // attempt 3 after 4 s → live
    expect(t.posts).toHaveLength(4);
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(t.publisher.state).toBe('live');
    expect(t.states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    // Every abandoned connection was closed.
    expect(t.pcs.slice(0, -1).every((pc) => pc.closed)).toBe(true);
  });

  it('treats a 409 while reconnecting as someone else taking the name', async () => {
    const t = setup(['ok', WhipError.fromResponse(409, '', 'POST')]);
    const errors: string[] = [];
    t.publisher.on('error', (e) => errors.push(e.code));
    await goLive(t);
    t.last().setState('failed');
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.publisher.state).toBe('error');
    expect(errors).toEqual(['studio/stream-busy']);
    expect(t.posts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.posts).toHaveLength(2);
  });

  it('gives up after the last attempt with studio/reconnect-failed', async () => {
    const server = (): WhipError => WhipError.fromResponse(503, '', 'POST');
    const t = setup(['ok', server(), server(), server(), server(), server(), server()]);
    await goLive(t);
    t.last().setState('failed');
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000 + 8000 + 16_000 + 16_000);
    expect(t.posts).toHaveLength(7);
    expect(t.publisher.state).toBe('error');
    expect(t.publisher.error?.code).toBe('studio/reconnect-failed');
    expect(t.last().closed).toBe(true);
  });

  it('stop() during the backoff cancels the pending re-POST', async () => {
    const t = setup();
    await goLive(t);
    t.last().setState('failed');
    await vi.advanceTimersByTimeAsync(500);
    await t.publisher.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.posts).toHaveLength(1);
    expect(t.publisher.state).toBe('idle');
  });

  it('replaces tracks in place while live (no renegotiation)', async () => {
    const t = setup();
    await goLive(t);
    const video2 = {
      kind: 'video',
      stop: vi.fn(),
      getSettings: () => ({ width: 640, height: 480, frameRate: 30 }),
    };
    const audio2 = { kind: 'audio', stop: vi.fn() };
    await t.publisher.setStream({
      getVideoTracks: () => [video2],
      getAudioTracks: () => [audio2],
    } as unknown as MediaStream);
    expect(t.last().transceivers.map((x) => x.sender.track)).toEqual([video2, audio2]);
    expect(t.posts).toHaveLength(1);
    // The new picture size gets its own ceiling.
    const calls = t.last().transceivers[0]?.sender.setParameters.mock.calls ?? [];
    expect(calls.at(-1)?.[0].encodings[0]?.maxBitrate).toBe(1_000_000);
  });

  it('polls stats every interval while live and stops when stopped', async () => {
    const t = setup();
    const samples: number[] = [];
    t.publisher.on('stats', (s) => samples.push(s.timestampMs));
    await goLive(t);
    await vi.advanceTimersByTimeAsync(3000);
    expect(t.last().getStats).toHaveBeenCalledTimes(4);
    expect(samples).toHaveLength(4);
    expect(t.publisher.stats).toBeDefined();
    await t.publisher.stop();
    await vi.advanceTimersByTimeAsync(3000);
    expect(samples).toHaveLength(4);
    expect(t.publisher.stats).toBeUndefined();
  });

  it('dispose() leaves no timers behind', async () => {
    const t = setup();
    await goLive(t);
    t.last().setState('disconnected');
    t.publisher.dispose();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(t.last().closed).toBe(true);
  });
});

/** A Storage stand-in. */
function memoryStore(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

const STORE_KEY = 'brume.whip-session:http://relay.test/whip/cam1';

describe('Publisher: stale session after a reload', () => {
  it('DELETEs the remembered resource with the token before POSTing, then remembers the new one', async () => {
    const store = memoryStore({
      [STORE_KEY]: JSON.stringify({ resourceUrl: 'http://relay.test/whip/cam1/old' }),
    });
    const order: string[] = [];
    const fetchFn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      order.push(`${init?.method} ${String(url)} ${(init?.headers as Record<string, string>).Authorization}`);
      return new Response(null, { status: 200 });
    });
    const t = setup([], 'fail', { sessionStore: store, fetch: fetchFn as unknown as typeof fetch });
    t.startSession.mockImplementationOnce(async (pc, options) => {
      order.push('POST');
      expect(options.fetch).toBe(fetchFn);
      const fake = pc as unknown as FakePeerConnection;
      setTimeout(() => fake.setState('connected'), 20);
      return {
        resourceUrl: 'http://relay.test/whip/cam1/new',
        restartIce: vi.fn(),
        close: vi.fn(),
        dispose: vi.fn(),
      };
    });
    await goLive(t);
    expect(order).toEqual(['DELETE http://relay.test/whip/cam1/old Bearer secret', 'POST']);
    expect(JSON.parse(store.map.get(STORE_KEY) ?? '{}')).toEqual({
      resourceUrl: 'http://relay.test/whip/cam1/new',
    });
    await t.publisher.stop();
    expect(store.map.has(STORE_KEY)).toBe(false);
  });

  it('publishes anyway when the stale DELETE fails, and forgets the stale entry', async () => {
    const store = memoryStore({
      [STORE_KEY]: JSON.stringify({ resourceUrl: 'http://relay.test/whip/cam1/old' }),
    });
    const fetchFn = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    const t = setup([], 'fail', { sessionStore: store, fetch: fetchFn as unknown as typeof fetch });
    await goLive(t);
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(t.publisher.state).toBe('live');
    expect(JSON.parse(store.map.get(STORE_KEY) ?? '{}').resourceUrl).toBe('http://relay.test/whip/cam1/s1');
  });

  it('leaves other streams alone, ignores garbage, and finds the entry whatever the options', async () => {
    const other = 'brume.whip-session:http://relay.test/whip/cam2';
    const store = memoryStore({ [other]: JSON.stringify({ resourceUrl: 'http://relay.test/whip/cam2/x' }) });
    const fetchFn = vi.fn(async () => new Response(null, { status: 200 }));
    const t = setup([], 'fail', { sessionStore: store, fetch: fetchFn as unknown as typeof fetch });
    await goLive(t);
    expect(fetchFn).not.toHaveBeenCalled();
    expect(store.map.get(other)).toContain('cam2/x');
    await t.publisher.stop();

    store.map.set(STORE_KEY, 'not json');
    const t2 = setup([], 'fail', { sessionStore: store, fetch: fetchFn as unknown as typeof fetch });
    await goLive(t2);
    expect(fetchFn).not.toHaveBeenCalled();
    await t2.publisher.stop();

    // The reload asks for a keyframe interval: the POST URL changes, the remembered resource does not.
    store.map.set(STORE_KEY, JSON.stringify({ resourceUrl: 'http://relay.test/whip/cam1/old' }));
    const t3 = setup([], 'fail', {
      sessionStore: store,
      fetch: fetchFn as unknown as typeof fetch,
      keyframeIntervalMs: 2000,
    });
    await goLive(t3);
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(t3.posts[0]?.endpoint).toBe('http://relay.test/whip/cam1?keyframeIntervalMs=2000');
  });

  it('keeps the stored URL current across a re-POST', async () => {
    const store = memoryStore();
    const t = setup(['ok'], 'fail', { sessionStore: store });
    await goLive(t);
    expect(store.map.get(STORE_KEY)).toContain('/s1');
    t.last().setState('failed');
    await vi.advanceTimersByTimeAsync(1000 + 20);
    expect(t.publisher.state).toBe('live');
    expect(store.map.get(STORE_KEY)).toContain('/s2');
  });
});

describe('Publisher: errors and retry decisions', () => {
  it('maps 401/403 to studio/unauthorized telling the user to check the stream key', async () => {
    for (const status of [401, 403]) {
      const t = setup([WhipError.fromResponse(status, '', 'POST')]);
      const error = await t.publisher.publish(t.media).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'studio/unauthorized' });
      expect((error as Error).message).toMatch(/stream key/);
    }
  });

  it('maps 400 and 422 to studio/publish-rejected', async () => {
    for (const status of [400, 422]) {
      const t = setup([
        WhipError.fromResponse(
          status,
          '{"error":{"code":"sdp/no-usable-codec","message":"no codec"}}',
          'POST',
        ),
      ]);
      await expect(t.publisher.publish(t.media)).rejects.toMatchObject({ code: 'studio/publish-rejected' });
    }
  });

  for (const [status, retried] of [
    [401, false],
    [403, false],
    [400, false],
    [422, false],
    [500, true],
    [503, true],
  ] as const) {
    it(`${retried ? 'retries' : 'does not retry'} a ${status} while reconnecting`, async () => {
      const t = setup(['ok', WhipError.fromResponse(status, '', 'POST')]);
      await goLive(t);
      t.last().setState('failed');
      await vi.advanceTimersByTimeAsync(1000 + 2000 + 20);
      expect(t.posts).toHaveLength(retried ? 3 : 2);
      expect(t.publisher.state).toBe(retried ? 'live' : 'error');
    });
  }

  it('goes straight to a new POST when the server does not do ICE restarts', async () => {
    const t = setup([], 'unsupported');
    await goLive(t);
    t.last().setState('failed');
    await vi.advanceTimersByTimeAsync(1000 + 20);
    expect(t.sessions[0]?.restartIce).not.toHaveBeenCalled();
    expect(t.sessions[0]?.close).toHaveBeenCalled();
    expect(t.posts).toHaveLength(2);
    expect(t.publisher.state).toBe('live');
  });
});

describe('Publisher: encoding options', () => {
  it('sends three simulcast encodings f/h/q with ceilings by size', async () => {
    const t = setup([], 'fail', { simulcast: true });
    await goLive(t);
    const transceiver = t.last().transceivers[0];
    expect(transceiver?.init.sendEncodings).toEqual([
      { rid: 'f', scaleResolutionDownBy: 1 },
      { rid: 'h', scaleResolutionDownBy: 2 },
      { rid: 'q', scaleResolutionDownBy: 4 },
    ]);
    const encodings = transceiver?.sender.setParameters.mock.calls.at(-1)?.[0].encodings;
    expect(encodings?.map((e) => [e.rid, e.maxBitrate])).toEqual([
      ['f', 3_000_000],
      ['h', 750_000],
      ['q', 188_000],
    ]);
    expect(t.last().transceivers[1]?.init.sendEncodings).toBeUndefined();
  });

  it('applies the bitrate option, and a change while live, with setParameters', async () => {
    const t = setup([], 'fail', { maxVideoBitrate: 1_500_000 });
    await goLive(t);
    const sender = t.last().transceivers[0]!.sender;
    expect(sender.setParameters.mock.calls.at(-1)?.[0].encodings[0]?.maxBitrate).toBe(1_500_000);
    await t.publisher.setMaxVideoBitrate(4_000_000);
    expect(sender.setParameters.mock.calls.at(-1)?.[0].encodings[0]?.maxBitrate).toBe(4_000_000);
    expect(t.publisher.maxVideoBitrate).toBe(4_000_000);
    await t.publisher.setMaxVideoBitrate(undefined);
    expect(sender.setParameters.mock.calls.at(-1)?.[0].encodings[0]?.maxBitrate).toBe(3_000_000);
    expect(t.posts).toHaveLength(1);
    await expect(t.publisher.setMaxVideoBitrate(0)).rejects.toBeInstanceOf(RangeError);
  });

  for (const [codec, mime] of [
    ['vp9', 'video/VP9'],
    ['av1', 'video/AV1'],
  ] as const) {
    it(`offers ${codec} first and no H.264 when asked for ${codec}`, async () => {
      const capabilities = {
        codecs: [
          { mimeType: 'video/VP8', clockRate: 90000 },
          { mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'packetization-mode=1' },
          { mimeType: 'video/AV1', clockRate: 90000 },
          { mimeType: 'video/VP9', clockRate: 90000, sdpFmtpLine: 'profile-id=0' },
        ],
        headerExtensions: [],
      };
      vi.stubGlobal('RTCRtpSender', { getCapabilities: () => capabilities });
      try {
        const t = setup([], 'fail', { videoCodec: codec });
        await goLive(t);
        const preferences = t.last().transceivers[0]?.setCodecPreferences.mock.calls.at(-1)?.[0];
        expect(preferences?.[0]?.mimeType).toBe(mime);
        expect(preferences?.some((c) => c.mimeType === 'video/H264')).toBe(false);
      } finally {
        vi.unstubAllGlobals();
      }
    });
  }
});
