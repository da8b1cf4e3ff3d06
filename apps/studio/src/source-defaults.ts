import type { SourceSpec, TextSpec } from '@brume/studio';
import { MICROPHONE_DEFAULTS } from './start-templates';

/** The entries of the "Add source" menu. */
export type AddChoice =
  | 'camera'
  | 'microphone'
  | 'screen'
  | 'image'
  | 'text'
  | 'lower-third'
  | 'video'
  | 'color'
  | 'pattern'
  | 'guest';

export const ADD_CHOICES: readonly { choice: AddChoice; label: string; hint: string }[] = [
  { choice: 'camera', label: 'Camera', hint: 'A webcam or capture card' },
  { choice: 'microphone', label: 'Microphone', hint: 'Sound only, always on air' },
  { choice: 'screen', label: 'Screen', hint: 'A screen, window or tab, with its sound' },
  { choice: 'image', label: 'Image', hint: 'A logo or picture file' },
  { choice: 'text', label: 'Text', hint: 'A title or caption' },
  { choice: 'lower-third', label: 'Lower third', hint: 'Name and title, broadcast style' },
  { choice: 'video', label: 'Video file', hint: 'Plays in a loop, with its sound' },
  { choice: 'color', label: 'Colour', hint: 'A colour or gradient background' },
  { choice: 'pattern', label: 'Test pattern', hint: 'Bars, clock and a beep every second' },
  { choice: 'guest', label: 'Guest', hint: 'Another Brume stream, pulled over WebRTC' },
];

const FONT = 'Inter, system-ui, sans-serif';

const TEXT: TextSpec = {
  kind: 'text',
  text: 'Your text',
  fontFamily: FONT,
  fontSizePx: 64,
  bold: true,
  color: '#ffffff',
  background: { color: '#000000', paddingPx: 16, radiusPx: 8 },
  align: 'center',
  style: 'plain',
};

const LOWER_THIRD: TextSpec = {
  kind: 'text',
  text: 'Your Name',
  subtitle: 'Title or topic',
  fontFamily: FONT,
  fontSizePx: 48,
  bold: true,
  color: '#ffffff',
  background: { color: '#101826', paddingPx: 18, radiusPx: 4 },
  align: 'left',
  style: 'lower-third',
  accentColor: '#5b9dff',
};

/**
 * The spec a menu choice starts with, for the choices that need no file or name. Image and video
 * files come from a file picker (or a URL), guests from a stream name: `extra` carries it.
 */
export function specFor(choice: AddChoice, extra = ''): SourceSpec {
  switch (choice) {
    case 'camera':
      return { kind: 'camera' };
    case 'microphone':
      return MICROPHONE_DEFAULTS;
    case 'screen':
      return { kind: 'screen', audio: true };
    case 'image':
      return { kind: 'image', url: extra };
    case 'text':
      return TEXT;
    case 'lower-third':
      return LOWER_THIRD;
    case 'video':
      return { kind: 'video', url: extra, loop: true, muted: false };
    case 'color':
      return { kind: 'color', color: '#1b2a4a', gradient: { to: '#0b0e13', angleDeg: 90 } };
    case 'pattern':
      return { kind: 'pattern', audio: 'beep' };
    case 'guest':
      return { kind: 'guest', stream: extra };
  }
}
