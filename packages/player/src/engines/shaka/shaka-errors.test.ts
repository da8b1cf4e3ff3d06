import { describe, expect, it } from 'vitest';
import {
  BAD_HTTP_STATUS,
  LOAD_INTERRUPTED,
  REQUEST_TYPE_SEGMENT,
  SEVERITY_CRITICAL,
  shakaErrorVerdict,
} from './shaka-errors';

const starts: Record<string, number> = {
  'http://brume/dash/s/1/video-40.m4s': 40,
  'http://brume/dash/s/1/video-41.m4s': 41,
  'http://brume/dash/s/1/video-42.m4s': 42,
};
const uri = (n: number): string => `http://brume/dash/s/1/video-${n}.m4s`;
const ended = {
  wasLive: true,
  live: false,
  segmentStart: (u: string) => starts[u],
  presentationEnd: 42.02,
};
const notFound = (u: string) => ({
  severity: SEVERITY_CRITICAL,
  code: BAD_HTTP_STATUS,
  data: [u, 404, '', {}, REQUEST_TYPE_SEGMENT],
});

describe('shakaErrorVerdict', () => {
  it('fails on critical errors only', () => {
    expect(shakaErrorVerdict({ severity: 1, code: BAD_HTTP_STATUS }, ended)).toBe('ignore');
    expect(shakaErrorVerdict({ severity: SEVERITY_CRITICAL, code: 3016 }, ended)).toBe('fatal');
  });

  it('ignores loads interrupted by teardown', () => {
    const interrupted = { severity: SEVERITY_CRITICAL, code: LOAD_INTERRUPTED };
    expect(shakaErrorVerdict(interrupted, ended)).toBe('ignore');
  });

  it('resumes after 404s for segments an ended live presentation no longer lists', () => {
    expect(shakaErrorVerdict(notFound(uri(43)), ended)).toBe('resume');
  });

  it('drains when the missing segment is a sliver at the end of the ended presentation', () => {
    expect(shakaErrorVerdict(notFound(uri(42)), ended)).toBe('drain');
  });

  it('fails on a 404 inside the presentation, while live, or of a VoD', () => {
    expect(shakaErrorVerdict(notFound(uri(41)), ended)).toBe('fatal');
    expect(shakaErrorVerdict(notFound(uri(43)), { ...ended, live: true })).toBe('fatal');
    expect(shakaErrorVerdict(notFound(uri(43)), { ...ended, wasLive: false })).toBe('fatal');
  });

  it('fails on a 404 of something other than a media segment', () => {
    const manifest = { ...notFound(uri(43)), data: [uri(43), 404, '', {}, 0] };
    expect(shakaErrorVerdict(manifest, ended)).toBe('fatal');
  });
});
