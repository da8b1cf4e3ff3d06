import { describe, expect, it } from 'vitest';
import {
  BAD_HTTP_STATUS,
  shakaErrorVerdict,
  LOAD_INTERRUPTED,
  REQUEST_TYPE_SEGMENT,
  SEVERITY_CRITICAL,
} from './shaka-errors';

const listed = 'http://brume/dash/s/1/video/41.m4s';
const pastEnd = 'http://brume/dash/s/1/video/42.m4s';
const ended = { wasLive: true, live: false, hasSegment: (uri: string) => uri === listed };
const notFound = (uri: string) => ({
  severity: SEVERITY_CRITICAL,
  code: BAD_HTTP_STATUS,
  data: [uri, 404, '', {}, REQUEST_TYPE_SEGMENT],
});

describe('shakaErrorVerdict', () => {
  it('fails on critical errors only', () => {
    expect(shakaErrorVerdict({ severity: 1, code: BAD_HTTP_STATUS }, ended)).toBe('ignore');
    expect(shakaErrorVerdict({ severity: SEVERITY_CRITICAL, code: 3016 }, ended)).toBe('fatal');
  });

  it('ignores loads interrupted by teardown', () => {
    expect(shakaErrorVerdict({ severity: SEVERITY_CRITICAL, code: LOAD_INTERRUPTED }, ended)).toBe('ignore');
  });

  it('resumes after 404s past the end of a live presentation that ended', () => {
    expect(shakaErrorVerdict(notFound(pastEnd), ended)).toBe('resume');
  });

  it('fails on a 404 for a listed segment, while live, or of a VoD', () => {
    expect(shakaErrorVerdict(notFound(listed), ended)).toBe('fatal');
    expect(shakaErrorVerdict(notFound(pastEnd), { ...ended, live: true })).toBe('fatal');
    expect(shakaErrorVerdict(notFound(pastEnd), { ...ended, wasLive: false })).toBe('fatal');
  });

  it('fails on a 404 of something other than a media segment', () => {
    const manifest = { ...notFound(pastEnd), data: [pastEnd, 404, '', {}, 0] };
    expect(shakaErrorVerdict(manifest, ended)).toBe('fatal');
  });
});
