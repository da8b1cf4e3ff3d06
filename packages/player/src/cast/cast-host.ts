import type { CastCore, CastHost, CastLink, ControlMethod, RemoteControls } from './cast-api';

const CONTROLS: readonly ControlMethod[] = [
  'play',
  'pause',
  'seek',
  'goLive',
  'setVolume',
  'setMuted',
  'setTextTrack',
];

/** The receiver's controls in the shape of the player's methods (`play()` returns a promise there). */
function asMethods(remote: RemoteControls): Pick<CastCore, ControlMethod> {
  return { ...remote, play: () => Promise.resolve(remote.play()) };
}

/** What the cast code may do to the player core (see `CastHost`). */
export function castHostOf(core: CastCore): CastHost {
  return {
    video: core.video,
    server: core.server,
    getState: () => core.getState(),
    commit: (patch) => core.commit(patch),
    handOver: (remote) => {
      core.remote = remote;
      // Own properties shadow the class's methods: every caller of `player.play()` etc. reaches the
      // receiver, with no check in the core's methods (the embed's up-front bundle has no room).
      Object.assign(core, asMethods(remote));
      core.clearRetry();
      core.stopAttempt();
      core.video.pause();
    },
    takeBack: (time, paused) => {
      core.remote = undefined;
      for (const method of CONTROLS) delete (core as Partial<Pick<CastCore, ControlMethod>>)[method];
      core.userPaused = paused;
      core.resumeAt = time;
      // The receiver's volume was the TV's: the page's element keeps its own.
      const { muted, volume } = core.video;
      core.commit({ status: 'connecting', buffering: false, paused: core.video.paused, muted, volume });
      core.reconcile();
    },
    reportError: (error) => core.emit('error', { error, fatal: false }),
  };
}

/** Hands the link to the core (`startCast`/`stopCast`), disposed with it. */
export function attachLink(core: CastCore, link: CastLink | undefined): void {
  if (core.disposed) link?.dispose();
  else if (link) {
    core.castLink = link;
    core.cleanups.push(() => link.dispose());
  }
}
