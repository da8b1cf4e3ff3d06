import { describe, expect, it } from 'vitest';
import { toDevices } from './device-list';

describe('toDevices', () => {
  it('groups cameras, microphones and outputs, without the default output alias', () => {
    const devices = toDevices([
      { deviceId: 'c1', kind: 'videoinput', label: 'FaceTime HD' },
      { deviceId: 'm1', kind: 'audioinput', label: 'Built-in mic' },
      { deviceId: 's1', kind: 'audiooutput', label: 'Speakers' },
      { deviceId: 'default', kind: 'audiooutput', label: 'Default - Speakers' },
      { deviceId: 'c2', kind: 'videoinput', label: '' },
    ]);
    expect(devices).toEqual({
      cameras: [
        { deviceId: 'c1', label: 'FaceTime HD' },
        { deviceId: 'c2', label: 'Camera 2' },
      ],
      microphones: [{ deviceId: 'm1', label: 'Built-in mic' }],
      speakers: [{ deviceId: 's1', label: 'Speakers' }],
    });
  });

  it('drops the placeholder entries browsers list before permission', () => {
    expect(
      toDevices([
        { deviceId: '', kind: 'videoinput', label: '' },
        { deviceId: '', kind: 'audioinput', label: '' },
      ]),
    ).toEqual({ cameras: [], microphones: [], speakers: [] });
  });
});
