import { describe, expect, it } from 'vitest';
import {
  BAD_HTTP_STATUS,
  isFatalShakaError,
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

describe('isFatalShakaError', () => {
  it('fails on critical errors only', () => {
    expect(isFatalShakaError({ severity: 1, code: BAD_HTTP_STATUS }, ended)).toBe(false);
    expect(isFatalShakaError({ severity: SEVERITY_CRITICAL, code: 3016 }, ended)).toBe(true);
  });

  it('ignores loads interrupted by teardown', () => {
    expect(isFatalShakaError({ severity: SEVERITY_CRITICAL, code: LOAD_INTERRUPTED }, ended)).toBe(false);
  });

  it('ignores 404s past the end of a live presentation that ended', () => {
    expect(isFatalShakaError(notFound(pastEnd), ended)).toBe(false);
  });

  it('fails on a 404 for a listed segment, while live, or of a VoD', () => {
    expect(isFatalShakaError(notFound(listed), ended)).toBe(true);
    expect(isFatalShakaError(notFound(pastEnd), { ...ended, live: true })).toBe(true);
    expect(isFatalShakaError(notFound(pastEnd), { ...ended, wasLive: false })).toBe(true);
  });

  it('fails on a 404 of something other than a media segment', () => {
    const manifest = { ...notFound(pastEnd), data: [pastEnd, 404, '', {}, 0] };
    expect(isFatalShakaError(manifest, ended)).toBe(true);
  });
});
