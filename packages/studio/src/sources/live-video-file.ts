import type { SourceEntry, VideoFileSpec } from '../scene/scene-types';
import { StudioError } from '../studio-error';
import { Teardown } from '../teardown';
import { LiveSourceBase } from './live-source';
import { describeUrl, elementSource, type ResolveUrl } from './media-url';

/** `HTMLMediaElement.captureStream` is in the spec and in Chromium, not yet in TypeScript's DOM types. */
type CapturableVideo = HTMLVideoElement & {
  captureStream?(): MediaStream;
  mozCaptureStream?(): MediaStream;
};

/** One loaded file: the element, its captured picture, and the sound routed into an AudioContext. */
interface Playback {
  element: CapturableVideo;
  context: AudioContext | undefined;
  elementAudio: MediaElementAudioSourceNode | undefined;
  sound: MediaStreamAudioDestinationNode | undefined;
  teardown: Teardown;
}

/**
 * A video file played by a detached `<video>`: its frames through `captureStream()`, its sound
 * through Web Audio (`createMediaElementSource` takes the element's sound off the speakers, so only
 * the mixer hears it, and `muted` is the mixer's business, not a silent element). `loop` uses the
 * element's own loop, which seeks back inside the decoder without ending the captured track.
 */
export class LiveVideoFile extends LiveSourceBase<VideoFileSpec> {
  private playback: Playback | undefined;

  private constructor(
    entry: SourceEntry & { spec: VideoFileSpec },
    private readonly resolveUrl: ResolveUrl | undefined,
  ) {
    super(entry);
    this.teardown.add(() => this.playback?.teardown.run());
  }

  /** Rejects with `studio/source-unavailable` or `studio/unsupported-media` when the file does not play. */
  static async open(
    entry: SourceEntry & { spec: VideoFileSpec },
    resolveUrl?: ResolveUrl,
  ): Promise<LiveVideoFile> {
    const source = new LiveVideoFile(entry, resolveUrl);
    try {
      await source.load(entry.spec);
    } catch (error) {
      source.dispose();
      throw error;
    }
    return source;
  }

  /** The element playing the file (for tests and a preview; do not change its source). */
  get element(): HTMLVideoElement | undefined {
    return this.playback?.element;
  }

  /** Starts playback (and its sound) if the autoplay policy held it back; call from a user gesture. */
  async resumeAudio(): Promise<void> {
    const playback = this.playback;
    if (!playback) return;
    playback.element.muted = false;
    await playback.context?.resume();
    await playback.element.play().catch(() => undefined);
  }

  protected async apply(next: VideoFileSpec, previous: VideoFileSpec): Promise<void> {
    const playback = this.playback;
    if (!playback || next.url !== previous.url) return this.load(next);
    playback.element.loop = next.loop;
    if (next.muted !== previous.muted) this.publish({ audio: this.routeSound(playback, !next.muted) });
  }

  private async load(spec: VideoFileSpec): Promise<void> {
    const { src, release } = await elementSource(spec.url, this.resolveUrl);
    const teardown = new Teardown();
    teardown.add(release);
    const element = document.createElement('video') as CapturableVideo;
    // Needed to capture frames of a file on another origin (the server must send CORS headers).
    element.crossOrigin = 'anonymous';
    element.playsInline = true;
    element.preload = 'auto';
    element.loop = spec.loop;
    teardown.add(() => {
      element.pause();
      element.removeAttribute('src');
      element.load();
    });
    const playback: Playback = {
      element,
      context: undefined,
      elementAudio: undefined,
      sound: undefined,
      teardown,
    };
    try {
      await loadMetadata(element, src, spec.url);
      const capture = element.captureStream?.() ?? element.mozCaptureStream?.();
      if (!capture) throw StudioError.unsupported('capture a video file');
      // The captured audio would double what Web Audio routes; only the picture is taken from here.
      const stopAudio = (): void => capture.getAudioTracks().forEach((track) => track.stop());
      teardown.listen(capture, 'addtrack', stopAudio);
      teardown.add(() => capture.getTracks().forEach((track) => track.stop()));
      stopAudio();
      const video = await firstVideoTrack(capture);
      const audio = this.routeSound(playback, !spec.muted);
      teardown.listen(element, 'ended', () =>
        this.events.emit('ended', { reason: 'the video reached its end' }),
      );
      teardown.listen(element, 'error', () =>
        this.events.emit(
          'error',
          mediaError(element, spec.url) ?? StudioError.unsupportedMedia(describeUrl(spec.url)),
        ),
      );
      await play(element);
      if (this.disposed) {
        teardown.run();
        return;
      }
      const old = this.playback;
      this.playback = playback;
      this.publish({
        visual: { type: 'track', track: video },
        audio,
        aspect:
          element.videoWidth && element.videoHeight ? element.videoWidth / element.videoHeight : undefined,
      });
      old?.teardown.run();
    } catch (error) {
      teardown.run();
      throw error;
    }
  }

  /**
   * Connects (or disconnects) the element's sound to a fresh track and returns it. The element's
   * audio can be taken into Web Audio only once, so the context lives as long as the element.
   */
  private routeSound(playback: Playback, on: boolean): MediaStreamTrack | undefined {
    if (playback.sound) {
      playback.elementAudio?.disconnect();
      for (const track of playback.sound.stream.getTracks()) track.stop();
      playback.sound = undefined;
    }
    if (!on) {
      // Unrouted, the element would play to the speakers: muted is then truly silent.
      if (!playback.elementAudio) playback.element.muted = true;
      return undefined;
    }
    if (!playback.context) {
      const context = new AudioContext();
      playback.context = context;
      playback.teardown.add(() => void context.close().catch(() => undefined));
      playback.elementAudio = context.createMediaElementSource(playback.element);
      playback.element.muted = false;
    }
    const sound = playback.context.createMediaStreamDestination();
    playback.elementAudio!.connect(sound);
    playback.sound = sound;
    const track = sound.stream.getAudioTracks()[0];
    if (track) playback.teardown.add(() => track.stop());
    void playback.context.resume().catch(() => undefined);
    return track;
  }
}

function mediaError(element: HTMLVideoElement, url: string): StudioError | undefined {
  const error = element.error;
  if (!error) return undefined;
  const what = `the video ${describeUrl(url)}`;
  if (error.code === MediaError.MEDIA_ERR_DECODE) return StudioError.unsupportedMedia(what, error);
  // Chromium reports a 404 and an unknown container alike as "source not supported".
  const detail = error.message ? `: ${error.message}` : '';
  return StudioError.sourceUnavailable(
    `${what} (missing, or not a format this browser plays${detail})`,
    error,
  );
}

function loadMetadata(element: HTMLVideoElement, src: string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      element.removeEventListener('loadeddata', onLoaded);
      element.removeEventListener('error', onError);
    };
    const onLoaded = (): void => {
      done();
      resolve();
    };
    const onError = (): void => {
      done();
      reject(mediaError(element, url) ?? StudioError.sourceUnavailable(`the video ${describeUrl(url)}`));
    };
    element.addEventListener('loadeddata', onLoaded);
    element.addEventListener('error', onError);
    element.src = src;
  });
}

/** A captured element's tracks may appear only once it has data; wait for the video one (briefly). */
function firstVideoTrack(capture: MediaStream): Promise<MediaStreamTrack> {
  const now = capture.getVideoTracks()[0];
  if (now) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      capture.removeEventListener('addtrack', onAdd);
      reject(StudioError.unsupportedMedia('a video file without a picture'));
    }, 5000);
    const onAdd = (): void => {
      const track = capture.getVideoTracks()[0];
      if (!track) return;
      clearTimeout(timer);
      capture.removeEventListener('addtrack', onAdd);
      resolve(track);
    };
    capture.addEventListener('addtrack', onAdd);
  });
}

/**
 * Starts playback; where the autoplay policy refuses sound without a user gesture, plays muted
 * (the picture is what a scene needs at once) until `resumeAudio()`.
 */
async function play(element: HTMLVideoElement): Promise<void> {
  try {
    await element.play();
  } catch (error) {
    if (!(error instanceof DOMException) || error.name !== 'NotAllowedError') throw error;
    element.muted = true;
    await element.play();
  }
}
