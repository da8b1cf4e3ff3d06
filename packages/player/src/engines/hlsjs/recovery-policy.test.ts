import { describe, expect, it } from 'vitest';
import { RecoveryPolicy } from './recovery-policy';

describe('RecoveryPolicy', () => {
  it('restarts loading twice, then gives up on network failures', () => {
    const policy = new RecoveryPolicy();
    expect(policy.next('network', 0)).toBe('restart-load');
    expect(policy.next('network', 1000)).toBe('restart-load');
    expect(policy.next('network', 2000)).toBe('give-up');
  });

  it('recovers media, then swaps the audio codec, then gives up', () => {
    const policy = new RecoveryPolicy();
    expect(policy.next('media', 0)).toBe('recover-media');
    expect(policy.next('media', 1000)).toBe('swap-codec-and-recover');
    expect(policy.next('media', 2000)).toBe('give-up');
  });

  it('counts network and media failures apart', () => {
    const policy = new RecoveryPolicy();
    policy.next('network', 0);
    policy.next('network', 0);
    expect(policy.next('media', 0)).toBe('recover-media');
  });

  it('forgets attempts after a while of playing', () => {
    const policy = new RecoveryPolicy();
    policy.next('media', 0);
    policy.next('media', 1000);
    expect(policy.next('media', 60_000)).toBe('recover-media');
    expect(policy.next('network', 0)).toBe('restart-load');
    expect(policy.next('network', 29_000)).toBe('restart-load');
    expect(policy.next('network', 45_000)).toBe('restart-load');
  });

  it('gives up on anything else at once', () => {
    expect(new RecoveryPolicy().next('other', 0)).toBe('give-up');
  });
});
