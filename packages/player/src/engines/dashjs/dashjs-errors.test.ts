import { describe, expect, it } from 'vitest';
import { DOWNLOAD_CONTENT, dashjsErrorVerdict, TIME_SYNC_FAILED, TIMED_TEXT_PARSE } from './dashjs-errors';

describe('dashjsErrorVerdict', () => {
  it('lets dash.js get over clock sync and subtitle parse failures', () => {
    expect(dashjsErrorVerdict({ code: TIME_SYNC_FAILED, dynamic: true })).toBe('ignore');
    expect(dashjsErrorVerdict({ code: TIMED_TEXT_PARSE, dynamic: false })).toBe('ignore');
  });

  it('fails on manifest, init segment, MSE and media element errors', () => {
    for (const code of [10, 11, 23, 25, 28, 31, 32, 35, 3, 4, null]) {
      expect(dashjsErrorVerdict({ code, dynamic: true }), `code ${code}`).toBe('fatal');
    }
  });

  it('ignores a missing media segment while the MPD is live', () => {
    expect(dashjsErrorVerdict({ code: DOWNLOAD_CONTENT, dynamic: true, segmentStart: 12 })).toBe('ignore');
  });

  it('drains on segments past (or a sliver at) the end of a static MPD, fails on holes inside it', () => {
    const ended = { code: DOWNLOAD_CONTENT, dynamic: false, presentationEnd: 42.02 };
    expect(dashjsErrorVerdict({ ...ended, segmentStart: 43 })).toBe('drain');
    expect(dashjsErrorVerdict({ ...ended, segmentStart: 42 })).toBe('drain');
    expect(dashjsErrorVerdict({ ...ended, segmentStart: 41 })).toBe('fatal');
    expect(dashjsErrorVerdict({ code: DOWNLOAD_CONTENT, dynamic: false })).toBe('fatal');
  });
});
