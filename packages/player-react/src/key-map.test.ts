import { describe, expect, it } from 'vitest';
import { keyAction } from './key-map';

const vod = { live: false, canSeek: true };
const live = { live: true, canSeek: true };
const webrtc = { live: true, canSeek: false };

describe('keyAction', () => {
  it('toggles playback with space and k', () => {
    expect(keyAction({ key: ' ' }, vod)).toEqual({ type: 'toggle-play' });
    expect(keyAction({ key: 'k' }, webrtc)).toEqual({ type: 'toggle-play' });
    expect(keyAction({ key: 'K' }, webrtc)).toEqual({ type: 'toggle-play' });
  });
  it('maps the toggles', () => {
    expect(keyAction({ key: 'm' }, vod)).toEqual({ type: 'toggle-mute' });
    expect(keyAction({ key: 'f' }, vod)).toEqual({ type: 'toggle-fullscreen' });
    expect(keyAction({ key: 'c' }, vod)).toEqual({ type: 'toggle-subtitles' });
    expect(keyAction({ key: 'i' }, vod)).toEqual({ type: 'toggle-pip' });
    expect(keyAction({ key: 's' }, vod)).toEqual({ type: 'toggle-stats' });
  });
  it('seeks 5 s with the arrows and 10 s with j/l', () => {
    expect(keyAction({ key: 'ArrowLeft' }, vod)).toEqual({ type: 'seek-by', seconds: -5 });
    expect(keyAction({ key: 'ArrowRight' }, live)).toEqual({ type: 'seek-by', seconds: 5 });
    expect(keyAction({ key: 'j' }, vod)).toEqual({ type: 'seek-by', seconds: -10 });
    expect(keyAction({ key: 'l' }, vod)).toEqual({ type: 'seek-by', seconds: 10 });
  });
  it('leaves seek keys to the browser when nothing is seekable', () => {
    expect(keyAction({ key: 'ArrowLeft' }, webrtc)).toBeUndefined();
    expect(keyAction({ key: 'l' }, webrtc)).toBeUndefined();
    expect(keyAction({ key: '5' }, webrtc)).toBeUndefined();
  });
  it('changes the volume with up and down', () => {
    expect(keyAction({ key: 'ArrowUp' }, webrtc)).toEqual({ type: 'volume-by', delta: 0.05 });
    expect(keyAction({ key: 'ArrowDown' }, webrtc)).toEqual({ type: 'volume-by', delta: -0.05 });
  });
  it('jumps to the start of a VoD with Home, 0 and to tenths with the digits', () => {
    expect(keyAction({ key: 'Home' }, vod)).toEqual({ type: 'seek-to', fraction: 0 });
    expect(keyAction({ key: '0' }, vod)).toEqual({ type: 'seek-to', fraction: 0 });
    expect(keyAction({ key: '7' }, vod)).toEqual({ type: 'seek-to', fraction: 0.7 });
    expect(keyAction({ key: 'Home' }, live)).toBeUndefined();
    expect(keyAction({ key: '3' }, live)).toBeUndefined();
  });
  it('goes live with End on live streams only', () => {
    expect(keyAction({ key: 'End' }, live)).toEqual({ type: 'go-live' });
    expect(keyAction({ key: 'End' }, webrtc)).toEqual({ type: 'go-live' });
    expect(keyAction({ key: 'End' }, vod)).toBeUndefined();
  });
  it('leaves keys with modifiers and unknown keys to the browser', () => {
    expect(keyAction({ key: 'f', ctrlKey: true }, vod)).toBeUndefined();
    expect(keyAction({ key: 'l', metaKey: true }, vod)).toBeUndefined();
    expect(keyAction({ key: 'k', altKey: true }, vod)).toBeUndefined();
    expect(keyAction({ key: 'Tab' }, vod)).toBeUndefined();
    expect(keyAction({ key: 'x' }, vod)).toBeUndefined();
  });
});
