/**
 * The studio's document: sources, scenes of layers, transitions, audio settings and output settings.
 * Plain serialisable data (JSON import/export, saved automatically); media objects that realise it
 * (tracks, bitmaps, the compositor, the mixer) live elsewhere and refer to these ids.
 *
 * Geometry is normalised to the output frame (0..1 on both axes), so a scene keeps its layout when
 * the output changes from 720p to 1080p. A layer's box is where the (cropped) source is drawn,
 * stretched to fill it; rotation turns the box about its centre.
 */

export type SourceKind =
  'camera' | 'microphone' | 'screen' | 'image' | 'text' | 'video' | 'color' | 'pattern' | 'guest';

export interface CameraSpec {
  kind: 'camera';
  deviceId?: string;
  width?: number;
  height?: number;
  frameRate?: number;
}

export interface MicrophoneSpec {
  kind: 'microphone';
  deviceId?: string;
  /** The browser's own processing, per microphone (getUserMedia constraints). */
  noiseSuppression: boolean;
  echoCancellation: boolean;
  autoGainControl: boolean;
}

/** Screen, window or tab capture; `audio` asks for the tab's or system's sound where offered. */
export interface ScreenSpec {
  kind: 'screen';
  audio: boolean;
}

/** `url` is http(s), data: or `blob-store:<key>` (a file the user picked, kept in IndexedDB). */
export interface ImageSpec {
  kind: 'image';
  url: string;
}

export interface TextSpec {
  kind: 'text';
  text: string;
  /** A second, smaller line: a lower third's title under the name. */
  subtitle?: string;
  fontFamily: string;
  /** Font size in px of a 1080-line frame; scaled with the output. */
  fontSizePx: number;
  bold: boolean;
  color: string;
  /** Background box behind the text, or none. */
  background?: { color: string; paddingPx: number; radiusPx: number };
  align: 'left' | 'center' | 'right';
  /** `lower-third`: an accent bar beside the text block, the broadcast look. */
  style: 'plain' | 'lower-third';
  accentColor?: string;
}

/** A video file; `url` as for images. Its sound goes to the mixer unless `muted`. */
export interface VideoFileSpec {
  kind: 'video';
  url: string;
  loop: boolean;
  muted: boolean;
}

export interface ColorSpec {
  kind: 'color';
  color: string;
  /** A linear gradient from `color` to `to`, at `angleDeg` (0 = left to right, 90 = top to bottom). */
  gradient?: { to: string; angleDeg: number };
}

export interface PatternSpec {
  kind: 'pattern';
  audio: 'beep' | 'silent';
}

/** A remote Brume stream pulled over WHEP (a guest). `server` defaults to this page's origin. */
export interface GuestSpec {
  kind: 'guest';
  stream: string;
  server?: string;
}

export type SourceSpec =
  | CameraSpec
  | MicrophoneSpec
  | ScreenSpec
  | ImageSpec
  | TextSpec
  | VideoFileSpec
  | ColorSpec
  | PatternSpec
  | GuestSpec;

export interface SourceEntry {
  id: string;
  name: string;
  spec: SourceSpec;
}

/** Fractions of the source cut off each edge before drawing (0..1, left + right < 1). */
export interface Crop {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface ChromaKey {
  /** The key colour, `#rrggbb`. */
  color: string;
  /** 0..1: how far from the key colour a pixel is still fully keyed out. */
  similarity: number;
  /** 0..1: width of the soft edge beyond `similarity`. */
  smoothness: number;
  /** 0..1: how much of the key colour's tint to remove from kept pixels. */
  spill: number;
}

export interface Layer {
  id: string;
  sourceId: string;
  name: string;
  /** Box in output-frame units (0..1): left, top, width, height. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Degrees, clockwise, about the box centre. */
  rotation: number;
  crop: Crop;
  /** 0..1. */
  opacity: number;
  visible: boolean;
  /** Locked layers cannot be selected or moved on the canvas. */
  locked: boolean;
  chromaKey?: ChromaKey;
}

/** Layers are drawn in array order: index 0 at the back. */
export interface Scene {
  id: string;
  name: string;
  layers: Layer[];
  /** A key (`1`..`9`, or a letter) that switches to this scene. */
  hotkey?: string;
}

export type TransitionKind = 'cut' | 'fade' | 'slide' | 'wipe';

export interface TransitionSpec {
  kind: TransitionKind;
  durationMs: number;
  /** Direction for slide and wipe: where the incoming scene comes from. */
  direction?: 'left' | 'right' | 'up' | 'down';
}

export interface AudioChannelSettings {
  gainDb: number;
  muted: boolean;
  /** Heard on the monitor output (not sent). */
  monitor: boolean;
}

export interface AudioSettings {
  /** Per source id that has sound. */
  channels: Record<string, AudioChannelSettings>;
  master: { gainDb: number; compressor: boolean; limiter: boolean };
  /** Monitor output device (`setSinkId`), or the default. */
  monitorDeviceId?: string;
}

export type OutputPreset = '720p30' | '1080p30' | '1080p60';

export interface OutputSettings {
  preset: OutputPreset;
}

export interface SceneCollection {
  version: 1;
  sources: SourceEntry[];
  scenes: Scene[];
  /** The scene on air. */
  programSceneId: string;
  /** Studio mode: the scene being prepared; undefined outside studio mode. */
  previewSceneId?: string;
  transition: TransitionSpec;
  audio: AudioSettings;
  output: OutputSettings;
}
