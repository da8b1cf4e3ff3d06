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

  it('ignores unknown sources and empty names', () => {
    expect(readUrlParams('?stream=&source=screen&autostart=0')).toEqual({ autostart: false });
  });

  it('writes a shareable URL without autostart, keeping other parameters', () => {
    expect(writeUrlParams('?stream=a&autostart=1&debug=1', 'live+bob', 'camera')).toBe(
      '?stream=live%2Bbob&debug=1&source=camera',
    );
    expect(readUrlParams(writeUrlParams('', 'live+bob', 'camera')).stream).toBe('live+bob');
  });

  it('makes valid random names', () => {
    expect(isValidStreamName(randomStreamName())).toBe(true);
  });
});
