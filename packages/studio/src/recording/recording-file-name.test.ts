import { describe, expect, it } from 'vitest';
import { recordingFileName } from './recording-file-name';

describe('recordingFileName', () => {
  it('names a recording by its local start time', () => {
    expect(recordingFileName(new Date(2025, 2, 4, 9, 5, 7), 'mp4')).toBe('brume-2025-03-04-090507.mp4');
  });

  it('keeps a prefix file-system safe', () => {
    expect(recordingFileName(new Date(2025, 11, 31, 23, 59, 59), 'webm', 'my show: live/1')).toBe(
      'my-show-live-1-2025-12-31-235959.webm',
    );
  });
});
