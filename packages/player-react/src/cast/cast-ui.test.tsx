// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIVE_PLAYING, renderPlayer } from '../testing/render-player';

vi.mock('@brume/player', () => import('../testing/fake-core-module'));

afterEach(cleanup);

describe('cast UI', () => {
  it('shows no cast button while casting is off, impossible, or without a device', async () => {
    const { update } = renderPlayer(LIVE_PLAYING);
    expect(screen.queryByTestId('cast-button')).toBeNull();
    update({ cast: { kind: 'chromecast', available: false, session: 'none', device: undefined } });
    await Promise.resolve();
    expect(screen.queryByTestId('cast-button')).toBeNull();
  });

  it('takes the button away again when the device goes', async () => {
    const { update } = renderPlayer(LIVE_PLAYING);
    update({ cast: { kind: 'chromecast', available: true, session: 'none', device: undefined } });
    await screen.findByTestId('cast-button');
    update({ cast: { kind: 'chromecast', available: false, session: 'none', device: undefined } });
    await vi.waitFor(() => expect(screen.queryByTestId('cast-button')).toBeNull());
  });

  it('uses the page’s words for casting where it gives them', async () => {
    const { update } = renderPlayer(LIVE_PLAYING, {
      strings: { cast: 'Caster', castingTo: (device) => `Diffusion sur ${device ?? '?'}` },
    });
    update({ cast: { kind: 'chromecast', available: true, session: 'none', device: undefined } });
    expect((await screen.findByTestId('cast-button')).getAttribute('aria-label')).toBe('Caster');
    update({ cast: { kind: 'chromecast', available: true, session: 'connected', device: 'Salon' } });
    expect(screen.getByTestId('cast-overlay').textContent).toBe('Diffusion sur Salon');
  });

  it('loads the button when a device appears; a click opens the picker', async () => {
    const { player, update } = renderPlayer(LIVE_PLAYING);
    update({ cast: { kind: 'chromecast', available: true, session: 'none', device: undefined } });
    const button = await screen.findByTestId('cast-button');
    expect(button.getAttribute('aria-label')).toBe('Cast');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByTestId('cast-overlay').closest('[hidden]')).not.toBeNull();
    fireEvent.click(button);
    expect(player.callsTo('startCast')).toHaveLength(1);
  });

  it('says where the stream plays while casting; the button then ends the cast', async () => {
    const { player, update } = renderPlayer(LIVE_PLAYING);
    update({ cast: { kind: 'chromecast', available: true, session: 'connecting', device: undefined } });
    expect((await screen.findByTestId('cast-overlay')).textContent).toBe('Connecting to the cast device…');
    update({ cast: { kind: 'chromecast', available: true, session: 'connected', device: 'Living Room TV' } });
    expect(screen.getByTestId('cast-overlay').textContent).toBe('Casting to Living Room TV');
    const button = await screen.findByTestId('cast-button');
    expect(button.getAttribute('aria-label')).toBe('Stop casting');
    expect(button.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(button);
    expect(player.callsTo('stopCast')).toHaveLength(1);
    expect(player.callsTo('startCast')).toHaveLength(0);
    update({ cast: { kind: 'remote-playback', available: true, session: 'connected', device: undefined } });
    expect(screen.getByTestId('cast-overlay').textContent).toBe('Casting');
  });
});
