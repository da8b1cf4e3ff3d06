import { findSeiTimecodeAvcc, parseWsMediaServerMessage } from '@brume/protocol';
import { WebSocket } from 'ws';
import { parseFragments, parseInitSegment, type Fmp4Track } from './fmp4-samples';
import {
  targetUrl,
  type ClientStats,
  type LoadClient,
  type LoadTarget,
  type ProtocolStats,
} from './load-stats';

/** Close codes that are a normal end: ours (1000), the relay going away (1001). */
const NORMAL_CLOSE = new Set([1000, 1001]);

/**
 * A `/ws/:name` viewer (`packages/protocol` ws-media): the `init` message, the init segment, then
 * `moof`+`mdat` fragments of both tracks; it counts the video samples and reads their timecodes.
 */
export class WsLoadClient implements LoadClient {
  readonly stats: ClientStats;

  constructor(
    private readonly target: LoadTarget,
    private readonly shared: ProtocolStats,
  ) {
    this.stats = shared.client();
  }

  run(signal: AbortSignal): Promise<void> {
    const { stats, shared } = this;
    stats.startedAtMs = Date.now();
    const url = targetUrl(this.target, `/ws/${encodeURIComponent(this.target.stream)}`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const ws = new WebSocket(url);
      let tracks: Fmp4Track[] = [];
      let videoId: number | undefined;
      let initNext = false;
      let closing = false;
      const stop = () => {
        closing = true;
        ws.close(1000);
      };
      signal.addEventListener('abort', stop, { once: true });
      ws.on('open', () => {
        stats.connected = true;
      });
      ws.on('message', (data: Buffer, isBinary) => {
        stats.bytes += data.length;
        if (!isBinary) {
          const message = parseWsMediaServerMessage(data.toString('utf8'));
          if (!message) stats.error('ws/bad-message');
          else if (message.type === 'init') initNext = true;
          else if (message.type === 'error') {
            stats.error(message.code);
            // Refused before any media (an offline stream, a bad token): the viewer never played.
            if (stats.firstFrameAtMs === undefined) stats.failed = true;
          } else if (message.type === 'end') stats.ended = true;
          return;
        }
        try {
          if (initNext) {
            initNext = false;
            tracks = parseInitSegment(data);
            videoId = tracks.find((track) => track.kind === 'video')?.id;
            return;
          }
          const now = Date.now();
          for (const sample of parseFragments(data, tracks)) {
            if (sample.trackId !== videoId) continue;
            stats.pictures.add(sample.decodeTime, sample.duration);
            shared.picture(stats, now, findSeiTimecodeAvcc(sample.data));
          }
        } catch {
          stats.error('fmp4/invalid');
        }
      });
      ws.on('error', (error: Error & { code?: string }) => {
        // An upgrade answered with an HTTP status (401, 403, 503 over a limit) is counted by it.
        const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
        if (!closing) stats.error(status ?? error.code ?? 'ws/error');
        if (!stats.connected) stats.failed = true;
      });
      ws.on('close', (code) => {
        signal.removeEventListener('abort', stop);
        if (!closing && !NORMAL_CLOSE.has(code)) stats.error(`ws/close-${code}`);
        stats.stoppedAtMs = Date.now();
        resolve();
      });
    });
  }
}
