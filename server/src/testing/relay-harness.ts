import { expect } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import { createServer, type BrumeServer, type CreateServerOptions } from '../index';
import { startMedia } from './test-media';
import {
  LOOPBACK,
  createPublisher,
  fullOffer,
  postOffer,
  waitFor,
  type TestPublisher,
} from './werift-client';

/**
 * A relay on loopback plus the werift peers a test creates, closed together: what the packaged-output
 * integration tests (`/:name.mp4`, `/ws/:name`) share.
 */
export class RelayHarness {
  private readonly peers: RTCPeerConnection[] = [];
  private readonly cleanups: (() => void)[] = [];

  private constructor(
    readonly server: BrumeServer,
    readonly base: string,
  ) {}

  /** `options` add to (or override) the loopback defaults. */
  static async start(options: CreateServerOptions = {}): Promise<RelayHarness> {
    const server = await createServer({
      port: 0,
      host: '127.0.0.1',
      ice: LOOPBACK,
      logLevel: 'silent',
      keyframeIntervalMs: 100,
      ...options,
    });
    return new RelayHarness(server, await server.listen());
  }

  /** Publishes the H.264 + Opus fixture to `name` over WHIP and waits until the stream is live. */
  async publish(name: string): Promise<{ publisher: TestPublisher; location: string }> {
    const publisher = createPublisher();
    this.peers.push(publisher.pc);
    const whip = await postOffer(`${this.base}/whip/${name}`, await fullOffer(publisher.pc));
    expect(whip.status).toBe(201);
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: whip.body });
    await waitFor(() => publisher.pc.connectionState === 'connected', 5000, 'publisher connected');
    this.cleanups.push(startMedia(publisher).stop);
    await waitFor(() => this.server.registry.get(name)?.state === 'live', 3000, 'stream live');
    return { publisher, location: whip.location! };
  }

  /** Runs `cleanup` on close, before the peers and the server go. */
  onClose(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    await Promise.all(this.peers.splice(0).map((pc) => pc.close()));
    await this.server.close();
  }
}
