import { WhipError } from '@brume/whip';
import { describe, expect, it, vi } from 'vitest';
import type { GuestSession } from './live-guest';
import { LiveGuest } from './live-guest';

/** Just enough of a MediaStreamTrack: an EventTarget that can end. */
class FakeTrack extends EventTarget {
  readyState: MediaStreamTrackState = 'live';
  constructor(readonly kind: string) {
    super();
  }
  getSettings(): MediaTrackSettings {
    return this.kind === 'video' ? { width: 1280, height: 720 } : {};
  }
  stop(): void {
    this.readyState = 'ended';
  }
}

/** A peer connection that connects as soon as it is asked, and can be failed from the test. */
class FakePc extends EventTarget {
  connectionState: RTCPeerConnectionState = 'new';
  closed = false;
  readonly tracks: FakeTrack[] = [];
  addTransceiver(kind: string): RTCRtpTransceiver {
    const track = new FakeTrack(kind);
    this.tracks.push(track);
    return { receiver: { track } } as unknown as RTCRtpTransceiver;
  }
  connect(): void {
    this.setState('connected');
  }
  setState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }
  close(): void {
    this.closed = true;
  }
}

function harness(answers: (() => WhipError | undefined)[]) {
  const pcs: FakePc[] = [];
  const sessions: { closed: boolean; disposed: boolean }[] = [];
  const endpoints: string[] = [];
  let call = 0;
  const options = {
    server: 'https://relay.example',
    retry: { baseMs: 1, maxMs: 4 },
    createPeerConnection: () => {
      const pc = new FakePc();
      pcs.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    startSession: async (pc: RTCPeerConnection, o: { endpoint: string }): Promise<GuestSession> => {
      endpoints.push(o.endpoint);
      const error = answers[Math.min(call++, answers.length - 1)]!();
      if (error) throw error;
      const record = { closed: false, disposed: false };
      sessions.push(record);
      queueMicrotask(() => (pc as unknown as FakePc).connect());
      return {
        close: async () => void (record.closed = true),
        dispose: () => void (record.disposed = true),
      };
    },
  };
  return { options, pcs, sessions, endpoints };
}

const notLive = (): WhipError => new WhipError('whip/not-found', 'no such stream', { status: 404 });
const entry = { id: 'g', name: 'Guest', spec: { kind: 'guest', stream: 'alice' } as const };

describe('LiveGuest', () => {
  it('plays at once when the stream is live, with its tracks and the endpoint of the server', async () => {
    const h = harness([() => undefined]);
    const guest = await LiveGuest.open(entry, h.options);
    expect(guest.state).toBe('live');
    expect(guest.visual).toEqual({ type: 'track', track: h.pcs[0]!.tracks[0] });
    expect(guest.audio).toBe(h.pcs[0]!.tracks[1]);
    expect(h.endpoints).toEqual(['https://relay.example/whep/alice']);
    guest.dispose();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Our own stop: DELETE (close), and the connection closed.
    expect(h.sessions[0]).toEqual({ closed: true, disposed: false });
    expect(h.pcs[0]!.closed).toBe(true);
  });

  it('waits while the stream is not live and turns live when it is, emitting change', async () => {
    const h = harness([notLive, notLive, () => undefined]);
    const guest = await LiveGuest.open(entry, h.options);
    expect(guest.state).toBe('waiting');
    expect(guest.visual).toBeUndefined();
    const changed = new Promise<void>((resolve) =>
      guest.on('change', (s) => s.state === 'live' && resolve()),
    );
    await changed;
    expect(h.endpoints).toHaveLength(3);
    // Failed tries leave nothing open.
    expect(h.pcs.slice(0, 2).every((pc) => pc.closed)).toBe(true);
    guest.dispose();
  });

  it('goes back to waiting when the guest drops, and plays again when it returns', async () => {
    const h = harness([() => undefined, notLive, () => undefined]);
    const guest = await LiveGuest.open(entry, h.options);
    const states: string[] = [];
    guest.on('change', (s) => states.push(s.state));
    const again = new Promise<void>((resolve) =>
      guest.on('change', (s) => s.state === 'live' && s.visual !== undefined && resolve()),
    );
    // The server closes viewers when the publish ends: the remote tracks end.
    h.pcs[0]!.tracks[0]!.dispatchEvent(new Event('ended'));
    await again;
    expect(states[0]).toBe('waiting');
    expect(guest.visual).toEqual({ type: 'track', track: h.pcs[2]!.tracks[0] });
    // The server ended that session itself: no DELETE for it.
    expect(h.sessions[0]).toEqual({ closed: false, disposed: true });
    guest.dispose();
  });

  it('treats a failed connection as a drop', async () => {
    const h = harness([() => undefined]);
    const guest = await LiveGuest.open(entry, h.options);
    const waiting = new Promise<void>((resolve) =>
      guest.on('change', (s) => s.state === 'waiting' && resolve()),
    );
    h.pcs[0]!.setState('failed');
    await waiting;
    guest.dispose();
  });

  it('rejects when the server refuses, and does not retry', async () => {
    const h = harness([() => new WhipError('whip/unauthorized', 'no', { status: 401 })]);
    await expect(LiveGuest.open(entry, h.options)).rejects.toMatchObject({ code: 'studio/unauthorized' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.endpoints).toHaveLength(1);
  });

  it('rejects an invalid stream name before any request', async () => {
    const h = harness([() => undefined]);
    await expect(
      LiveGuest.open({ ...entry, spec: { kind: 'guest', stream: '../etc' } }, h.options),
    ).rejects.toMatchObject({ code: 'studio/invalid-stream-name' });
    expect(h.endpoints).toEqual([]);
  });

  it('stops trying after dispose', async () => {
    vi.useFakeTimers();
    try {
      const h = harness([notLive]);
      const guest = await LiveGuest.open(entry, h.options);
      guest.dispose();
      await vi.advanceTimersByTimeAsync(1000);
      expect(h.endpoints).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('pulls another stream when the spec changes', async () => {
    const h = harness([() => undefined]);
    const guest = await LiveGuest.open(entry, h.options);
    await guest.update({ kind: 'guest', stream: 'bob' });
    expect(h.endpoints).toEqual(['https://relay.example/whep/alice', 'https://relay.example/whep/bob']);
    expect(h.sessions[0]!.closed).toBe(true);
    expect(guest.state).toBe('live');
    guest.dispose();
  });
});
