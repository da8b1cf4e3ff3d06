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
    expect(readUrlParams('?source=screen')).toEqual({ source: 'screen', autostart: false });
  });

  it('reads the video codec, ignoring unknown ones', () => {
    expect(readUrlParams('?codec=vp8')).toEqual({ codec: 'vp8', autostart: false });
    expect(readUrlParams('?codec=h264')).toEqual({ codec: 'h264', autostart: false });
    expect(readUrlParams('?codec=theora')).toEqual({ autostart: false });
  });

  it('ignores unknown sources and empty names', () => {
    expect(readUrlParams('?stream=&source=webcam&autostart=0')).toEqual({ autostart: false });
  });

  it('writes a shareable URL without autostart or source, keeping other parameters', () => {
    expect(writeUrlParams('?stream=a&autostart=1&source=camera&debug=1', 'live+bob', 'h264')).toBe(
      '?stream=live%2Bbob&debug=1',
    );
    expect(readUrlParams(writeUrlParams('', 'live+bob', 'h264')).stream).toBe('live+bob');
    expect(writeUrlParams('?codec=vp8', 'a', 'h264')).toBe('?stream=a');
    expect(writeUrlParams('', 'a', 'vp8')).toBe('?stream=a&codec=vp8');
  });

  it('makes valid random names', () => {
    expect(isValidStreamName(randomStreamName())).toBe(true);
  });
});
