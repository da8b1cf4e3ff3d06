import { isValidStreamName } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { randomStreamName, readUrlParams, writeUrlParams } from './url-params';

describe('studio URL parameters', () => {
  it('reads stream, source and autostart', () => {
    expect(readUrlParams('?stream=cam1&source=pattern&autostart=1')).toEqual({
      stream: 'cam1',
      source: 'pattern',
      autostart: true,
    });
    expect(readUrlParams('?source=camera')).toEqual({ source: 'camera', autostart: false });
  });

  it('reads the video codec, ignoring unknown ones', () => {
    expect(readUrlParams('?codec=vp8')).toEqual({ codec: 'vp8', autostart: false });
    expect(readUrlParams('?codec=h264')).toEqual({ codec: 'h264', autostart: false });
    expect(readUrlParams('?codec=av1')).toEqual({ autostart: false });
  });

  it('ignores unknown sources and empty names', () => {
    expect(readUrlParams('?stream=&source=screen&autostart=0')).toEqual({ autostart: false });
  });

  it('writes a shareable URL without autostart, keeping other parameters', () => {
    expect(writeUrlParams('?stream=a&autostart=1&debug=1', 'live+bob', 'camera', 'h264')).toBe(
      '?stream=live%2Bbob&debug=1&source=camera',
    );
    expect(readUrlParams(writeUrlParams('', 'live+bob', 'camera', 'h264')).stream).toBe('live+bob');
    expect(writeUrlParams('?codec=vp8', 'a', 'pattern', 'h264')).toBe('?stream=a&source=pattern');
    expect(writeUrlParams('', 'a', 'pattern', 'vp8')).toBe('?stream=a&source=pattern&codec=vp8');
  });

  it('makes valid random names', () => {
    expect(isValidStreamName(randomStreamName())).toBe(true);
  });
});
