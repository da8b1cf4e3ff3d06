import type { Locator, Page } from '@playwright/test';
import { readProbe, type ProbeReading } from '../probe/probe-script';
import { openServerDocumentWithVideo } from './server-document';
import { countPresentedFrames } from './video-frames';
import { readVideoState, type VideoState } from './video-state';

/** What the page's MSE client saw, read through `window.__wsMp4`. */
export interface WsMp4ClientState {
  codecs: string | null;
  fragments: number;
  /** The last `time` message's `streamMs`. */
  streamMs: number | null;
  ended: string | null;
  errors: string[];
}

/**
 * A page on the server's origin (its JSON stream list, emptied) running a minimal MSE client for WS
 * `/ws/NAME`: the JSON `init` gives the SourceBuffer type, binary messages are appended in order,
 * playback jumps to the first buffered time (fragments carry stream time, not 0). No app code runs
 * on it; the latency probe watches the element.
 */
export class WsMp4Page {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<this> {
    await openServerDocumentWithVideo(this.page, 'ws-mp4-video');
    await this.video.evaluate((element, socketUrl) => {
      const video = element as HTMLVideoElement;
      const state: WsMp4ClientState = { codecs: null, fragments: 0, streamMs: null, ended: null, errors: [] };
      (window as unknown as { __wsMp4: WsMp4ClientState }).__wsMp4 = state;
      const source = new MediaSource();
      video.src = URL.createObjectURL(source);
      source.addEventListener(
        'sourceopen',
        () => {
          const ws = new WebSocket(socketUrl);
          ws.binaryType = 'arraybuffer';
          // A socket that closes before `end` (refused, dropped) is an error the spec should see.
          ws.onclose = (event) => {
            if (state.ended === null) state.errors.push(`socket closed: ${event.code} ${event.reason}`);
          };
          const queue: ArrayBuffer[] = [];
          let buffer: SourceBuffer | undefined;
          const feed = (): void => {
            const next = queue[0];
            if (!buffer || buffer.updating || !next) return;
            queue.shift();
            buffer.appendBuffer(next);
          };
          const onAppended = (): void => {
            const { buffered } = video;
            if (buffered.length > 0 && video.currentTime < buffered.start(0)) {
              video.currentTime = buffered.start(0);
            }
            if (video.paused && buffered.length > 0) {
              video.play().catch((error: unknown) => state.errors.push(`play: ${String(error)}`));
            }
            feed();
          };
          ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
            if (typeof event.data !== 'string') {
              state.fragments++;
              queue.push(event.data);
              feed();
              return;
            }
            const message = JSON.parse(event.data) as
              | { type: 'init'; codecs: string }
              | { type: 'time'; streamMs: number }
              | { type: 'end'; reason: string }
              | { type: 'error'; code: string; message: string };
            if (message.type === 'init' && !buffer) {
              state.codecs = message.codecs;
              buffer = source.addSourceBuffer(message.codecs);
              buffer.mode = 'segments';
              buffer.addEventListener('updateend', onAppended);
            } else if (message.type === 'time') {
              state.streamMs = message.streamMs;
            } else if (message.type === 'end') {
              state.ended = message.reason;
            } else if (message.type === 'error') {
              state.errors.push(`${message.code}: ${message.message}`);
            }
          };
        },
        { once: true },
      );
    }, url);
    return this;
  }

  get video(): Locator {
    return this.page.getByTestId('ws-mp4-video');
  }

  async clientState(): Promise<WsMp4ClientState> {
    return this.page.evaluate(() => (window as unknown as { __wsMp4: WsMp4ClientState }).__wsMp4);
  }

  /** Frames presented over `ms`, counted with requestVideoFrameCallback. */
  async countPresentedFrames(ms: number): Promise<number> {
    return countPresentedFrames(this.video, ms);
  }

  async state(): Promise<VideoState> {
    return readVideoState(this.video);
  }

  /** Glass-to-glass latency samples off the test-pattern timecode. */
  async latency(): Promise<ProbeReading> {
    return readProbe(this.page);
  }
}
