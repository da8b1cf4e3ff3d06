import { describe, expect, it } from 'vitest';
import { RequestActivity } from './request-activity';

describe('RequestActivity', () => {
  it('is quiet only with nothing in flight and nothing recent', () => {
    let now = 0;
    const activity = new RequestActivity(() => now);
    expect(activity.quietFor(1000)).toBe(true);
    activity.begin();
    now = 5000;
    expect(activity.quietFor(1000)).toBe(false);
    activity.end();
    now = 5999;
    expect(activity.quietFor(1000)).toBe(false);
    now = 6000;
    expect(activity.quietFor(1000)).toBe(true);
  });
});
