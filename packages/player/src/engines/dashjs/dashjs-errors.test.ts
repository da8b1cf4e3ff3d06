import { describe, expect, it } from 'vitest';
import { DOWNLOAD_CONTENT, dashjsErrorVerdict, TIME_SYNC_FAILED, TIMED_TEXT_PARSE } from './dashjs-errors';

describe('dashjsErrorVerdict', () => {
  it('lets dash.js get over clock sync and subtitle parse failures', () => {
    expect(dashjsErrorVerdict({ code: TIME_SYNC_FAILED, dynamic: true })).toEqual({ action: 'ignore' });
    expect(dashjsErrorVerdict({ code: TIMED_TEXT_PARSE, dynamic: false })).toEqual({ action: 'ignore' });
  });

  it('fails on manifest, init segment, MSE and media element errors', () => {
    for (const code of [10, 11, 23, 25, 28, 31, 32, 35, 3, 4, null]) {
      expect(dashjsErrorVerdict({ code, dynamic: true }), `code ${code}`).toEqual({ action: 'fatal' });
    }
  });

  it('ignores a missing media segment while the MPD is live', () => {
    expect(dashjsErrorVerdict({ code: DOWNLOAD_CONTENT, dynamic: true, segmentStart: 12 })).toEqual({
      action: 'ignore',
    });
  });

  it('drains on segments past (or a sliver at) the end of a static MPD, fails on holes inside it', () => {
    const ended = { code: DOWNLOAD_CONTENT, dynamic: false, presentationEnd: 42.02 };
    expect(dashjsErrorVerdict({ ...ended, segmentStart: 43 })).toEqual({ action: 'drain', at: 43 });
    expect(dashjsErrorVerdict({ ...ended, segmentStart: 42 })).toEqual({ action: 'drain', at: 42 });
    expect(dashjsErrorVerdict({ ...ended, segmentStart: 41 })).toEqual({ action: 'fatal' });
    expect(dashjsErrorVerdict({ code: DOWNLOAD_CONTENT, dynamic: false })).toEqual({ action: 'fatal' });
  });
});
