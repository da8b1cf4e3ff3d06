import { describe, expect, it } from 'vitest';
import { HttpViewerActivity } from './http-viewer-activity';

describe('HttpViewerActivity', () => {
  it('makes one client of repeated requests with the same key', () => {
    const activity = new HttpViewerActivity<string>(5_000);
    let created = 0;
    const create = () => `client-${++created}`;
    expect(activity.begin('k', 0, create)).toBe('client-1');
    activity.end('k', 100);
    expect(activity.begin('k', 1_000, create)).toBe('client-1');
    expect(activity.begin('other', 1_000, create)).toBe('client-2');
    expect(activity.size).toBe(2);
  });

  it('lets a client go once it made no request for the window', () => {
    const activity = new HttpViewerActivity<string>(5_000);
    activity.begin('k', 0, () => 'a');
    activity.end('k', 1_000);
    expect(activity.sweep(5_999)).toEqual([]);
    expect(activity.sweep(6_000)).toEqual(['a']);
    expect(activity.size).toBe(0);
    // The next request is a new client.
    expect(activity.begin('k', 7_000, () => 'b')).toBe('b');
  });

  it('keeps a client with a request in flight however long it is held', () => {
    const activity = new HttpViewerActivity<string>(1_000);
    activity.begin('k', 0, () => 'a');
    activity.begin('k', 10, () => 'unused');
    activity.end('k', 20);
    expect(activity.sweep(60_000)).toEqual([]);
    activity.end('k', 60_000);
    expect(activity.sweep(60_999)).toEqual([]);
    expect(activity.sweep(61_000)).toEqual(['a']);
  });

  it('drops the clients whose key matches, whatever their activity', () => {
    const activity = new HttpViewerActivity<string>(5_000);
    activity.begin('live\nll-hls\n1', 0, () => 'a');
    activity.begin('live\nll-dash\n1', 0, () => 'b');
    activity.begin('other\nll-hls\n1', 0, () => 'c');
    expect(activity.drop((key) => key.startsWith('live\n'))).toEqual(['a', 'b']);
    expect(activity.size).toBe(1);
  });
});
