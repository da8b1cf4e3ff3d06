import { describe, expect, it } from 'vitest';
import type { MicrophoneSpec } from '../scene/scene-types';
import {
  cameraConstraints,
  displayMediaOptions,
  microphoneConstraints,
  needsReopen,
  processingMatches,
} from './capture-constraints';

const mic: MicrophoneSpec = {
  kind: 'microphone',
  deviceId: 'm1',
  noiseSuppression: true,
  echoCancellation: false,
  autoGainControl: true,
};

describe('cameraConstraints', () => {
  it('asks for the picked device exactly and the size and rate as ideals, without sound', () => {
    expect(
      cameraConstraints({ kind: 'camera', deviceId: 'c1', width: 1920, height: 1080, frameRate: 60 }),
    ).toEqual({
      video: {
        deviceId: { exact: 'c1' },
        width: { ideal: 1920 },
        height: { ideal: 1080 },
        frameRate: { ideal: 60 },
      },
      audio: false,
    });
  });

  it('leaves the device to the browser and asks for 720p30 when the spec says nothing', () => {
    expect(cameraConstraints({ kind: 'camera' })).toEqual({
      video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
      audio: false,
    });
  });
});

describe('microphoneConstraints', () => {
  it('maps each processing switch and the device, without video', () => {
    expect(microphoneConstraints(mic)).toEqual({
      audio: {
        deviceId: { exact: 'm1' },
        noiseSuppression: true,
        echoCancellation: false,
        autoGainControl: true,
      },
      video: false,
    });
  });

  it('omits the device when none was picked', () => {
    const { deviceId: _omit, ...rest } = mic;
    expect(microphoneConstraints(rest).audio).not.toHaveProperty('deviceId');
  });
});

describe('displayMediaOptions', () => {
  it('asks for sound without voice processing only when the spec wants it', () => {
    expect(displayMediaOptions({ kind: 'screen', audio: true }).audio).toEqual({
      noiseSuppression: false,
      echoCancellation: false,
      autoGainControl: false,
    });
    expect(displayMediaOptions({ kind: 'screen', audio: false }).audio).toBe(false);
    expect(displayMediaOptions({ kind: 'screen', audio: false }).video).toEqual({ frameRate: { ideal: 30 } });
  });
});

describe('needsReopen', () => {
  it('reopens for another device only', () => {
    expect(needsReopen({ kind: 'camera', deviceId: 'a' }, { kind: 'camera', deviceId: 'b' })).toBe(true);
    expect(
      needsReopen({ kind: 'camera', deviceId: 'a' }, { kind: 'camera', deviceId: 'a', width: 640 }),
    ).toBe(false);
    expect(needsReopen(mic, { ...mic, noiseSuppression: false })).toBe(false);
    expect(needsReopen(mic, { ...mic, deviceId: undefined })).toBe(true);
  });
});

describe('processingMatches', () => {
  it('compares what the browser reports and ignores what it does not', () => {
    expect(
      processingMatches({ noiseSuppression: true, echoCancellation: false, autoGainControl: true }, mic),
    ).toBe(true);
    expect(processingMatches({ noiseSuppression: false, echoCancellation: false }, mic)).toBe(false);
    expect(processingMatches({}, mic)).toBe(true);
  });
});
