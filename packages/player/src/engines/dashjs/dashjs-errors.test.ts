import { describe, expect, it } from 'vitest';
import { DOWNLOAD_CONTENT, isFatalDashjsError, TIME_SYNC_FAILED, TIMED_TEXT_PARSE } from './dashjs-errors';

describe('isFatalDashjsError', () => {
  it('lets dash.js get over clock sync and subtitle parse failures', () => {
    expect(isFatalDashjsError({ code: TIME_SYNC_FAILED, dynamic: true })).toBe(false);
    expect(isFatalDashjsError({ code: TIMED_TEXT_PARSE, dynamic: false })).toBe(false);
  });

  it('fails on manifest, init segment, MSE and media element errors', () => {
    for (const code of [10, 11, 23, 25, 28, 31, 32, 35, 3, 4, null]) {
      expect(isFatalDashjsError({ code, dynamic: true }), `code ${code}`).toBe(true);
    }
  });

  it('ignores a missing media segment while the MPD is live', () => {
    expect(isFatalDashjsError({ code: DOWNLOAD_CONTENT, dynamic: true, segmentStart: 12 })).toBe(false);
  });

  it('ignores segments past the end of an MPD that went static, not holes inside it', () => {
    const ended = { code: DOWNLOAD_CONTENT, dynamic: false, presentationEnd: 41.2 };
    expect(isFatalDashjsError({ ...ended, segmentStart: 42 })).toBe(false);
    expect(isFatalDashjsError({ ...ended, segmentStart: 41.18 })).toBe(false);
    expect(isFatalDashjsError({ ...ended, segmentStart: 40 })).toBe(true);
    expect(isFatalDashjsError({ code: DOWNLOAD_CONTENT, dynamic: false })).toBe(true);
  });
});
