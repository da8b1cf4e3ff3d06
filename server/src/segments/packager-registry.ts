import type { Logger } from '../util/logger';
import type { LiveMedia } from '../webrtc/publisher-media';
import { LivePackager } from './live-packager';
import type { MetadataSource } from './metadata-carriage';
import type { RenditionKind } from './segment-model';

export interface PackagerRegistryOptions {
  dvrWindowMs: number;
  /** A packager nobody requested anything from for this long stops (its reader and keyframe cadence). */
  idleMs: number;
  segmentMs?: number;
  partMs?: number;
  /** The stream's metadata store, whose events the packaging carries. */
  metadataOf?: (name: string) => MetadataSource | undefined;
  /** Each live part's production lag (see `LivePackagerOptions.onPart`). */
  onPart?: (name: string, kind: RenditionKind, lagMs: number) => void;
  log: Logger;
}

interface Entry {
  packager: LivePackager;
  lastUsedAt: number;
}

/**
 * The LL-HLS / LL-DASH packagers, one per stream, started by the first request and stopped when
 * idle (DESIGN.md: packagers start on demand). A packager whose publish ended stays until idle,
 * so clients can read its finished playlists; a new publish under the same name replaces it.
 */
export class PackagerRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly mediaOf: (name: string) => LiveMedia | undefined,
    private readonly options: PackagerRegistryOptions,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(5000, options.idleMs));
    this.sweeper.unref();
  }

  /**
   * The stream's packager, started if the stream is live and has none (or only one of an earlier
   * publish); the ended packager of a stream that is not live again; otherwise undefined.
   */
  acquire(name: string, now = Date.now()): LivePackager | undefined {
    const media = this.mediaOf(name);
    const entry = this.entries.get(name);
    if (entry && !entry.packager.disposed) {
      const { packager } = entry;
      // Kept: the same publish, or a finished one while nothing replaced it; not a packaging
      // that stopped on a configuration change of a publish still going.
      const current = !media || packager.media === media;
      const restart = media !== undefined && packager.ended && !packager.mediaEnded;
      if (current && !restart) {
        entry.lastUsedAt = now;
        return packager;
      }
    }
    entry?.packager.dispose();
    this.entries.delete(name);
    if (!media) return undefined;
    const metadata = this.options.metadataOf?.(name);
    const packager = new LivePackager(media, {
      dvrWindowMs: this.options.dvrWindowMs,
      log: this.options.log.child({ stream: name }),
      ...(this.options.segmentMs ? { segmentMs: this.options.segmentMs } : {}),
      ...(this.options.partMs ? { partMs: this.options.partMs } : {}),
      ...(metadata ? { metadata } : {}),
      ...(this.options.onPart ? { onPart: this.options.onPart.bind(undefined, name) } : {}),
    });
    this.entries.set(name, { packager, lastUsedAt: now });
    this.options.log.info({ stream: name }, `LL-HLS/DASH packaging of ${name} started`);
    return packager;
  }

  /** The packager serving `name` now, without starting one. */
  peek(name: string): LivePackager | undefined {
    return this.entries.get(name)?.packager;
  }

  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    clearInterval(this.sweeper);
    for (const entry of this.entries.values()) entry.packager.dispose();
    this.entries.clear();
  }

  private sweep(now = Date.now()): void {
    for (const [name, entry] of this.entries) {
      if (now - entry.lastUsedAt < this.options.idleMs) continue;
      entry.packager.dispose();
      this.entries.delete(name);
      this.options.log.info({ stream: name }, `LL-HLS/DASH packaging of ${name} stopped (idle)`);
    }
  }
}
