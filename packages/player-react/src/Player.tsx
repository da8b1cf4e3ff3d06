import { createPlayer, type Player as PlayerCore, type PlayerOptions, type QoEReport } from '@brume/player';
import {
  useEffect,
  useId,
  useInsertionEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';
import { useStore } from 'zustand';
import { coreOptionsKey, type CoreOptions } from './core-options';
import { deliverMetadata } from './metadata-handlers';
import { PlayerContext, type PlayerContextValue } from './player-context';
import { PlayerSkin } from './PlayerSkin';
import { ensurePlayerStyles } from './player-styles';
import { statusText } from './status-text';
import { resolveStrings, type PlayerStrings } from './strings';
import { createUiStore } from './ui-store';
import { usePlayerState } from './use-player-state';

export interface PlayerProps extends PlayerOptions {
  className?: string;
  /** Translations: any subset of the English table (`strings.ts`). */
  strings?: Partial<PlayerStrings>;
  /** Receives the core when it is created and `undefined` when it is disposed. */
  onPlayer?: (player: PlayerCore | undefined) => void;
  /** Custom overlays or controls, rendered inside the player where `usePlayer()` works. */
  children?: ReactNode;
}

/**
 * The player: a `<video>`, overlays and controls on top of the headless core. The root element is the
 * core's container (its `brume:*` DOM events fire there). The core is created on mount and disposed on
 * unmount, or when a playback option changes (compared by value); `muted`, `onQoE` and `onMetadata`
 * (handlers and track names) apply in place.
 */
export function Player({
  className,
  strings,
  onPlayer,
  children,
  muted,
  onQoE,
  onMetadata,
  ...options
}: PlayerProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const slotRef = useRef<HTMLDivElement>(null);
  // The player renders through a portal into this element (styled as the slot: `display: contents`),
  // which the pop-out moves into a Document
  // Picture-in-Picture window as a whole: React listens for events on a portal's container, so the
  // controls keep working in the other document, and the root, the <video> and the core move
  // without being re-created (playback goes on).
  const [host] = useState(() => {
    const element = document.createElement('div');
    element.className = 'brume-player-slot';
    return element;
  });
  const [core, setCore] = useState<PlayerCore>();
  const [ui] = useState(createUiStore);
  const id = useId();
  const text = useMemo(() => resolveStrings(strings), [strings]);
  const callbacks = useRef({ onPlayer, onQoE, onMetadata });
  // Only the first value is an option of the core; later changes go through setMuted.
  const initialMuted = useRef(muted);
  const optionsKey = coreOptionsKey(options);
  const autoPlay = options.autoPlay ?? true;

  useInsertionEffect(() => ensurePlayerStyles(document), []);

  // A popped-out player's window closes by itself once React unmounts the root from the host.
  useLayoutEffect(() => {
    slotRef.current?.append(host);
    return () => host.remove();
  }, [host]);

  useEffect(() => {
    callbacks.current = { onPlayer, onQoE, onMetadata };
  }, [onPlayer, onQoE, onMetadata]);

  useEffect(() => {
    const container = rootRef.current;
    if (!container) return;
    const coreOptions = JSON.parse(optionsKey) as CoreOptions;
    const player = createPlayer(container, {
      ...coreOptions,
      muted: initialMuted.current,
      onQoE: (report: QoEReport) => callbacks.current.onQoE?.(report),
      // One subscription for every track, reading the latest handlers: a page can add or change
      // handlers without a new core (which would reconnect the stream).
      onMetadata: { '*': (event) => deliverMetadata(callbacks.current.onMetadata, event) },
    });
    setCore(player);
    callbacks.current.onPlayer?.(player);
    return () => {
      player.dispose();
      setCore(undefined);
      callbacks.current.onPlayer?.(undefined);
    };
  }, [optionsKey]);

  useEffect(() => {
    if (core && muted !== undefined) core.setMuted(muted);
  }, [core, muted]);

  const state = usePlayerState(core);
  const controlsVisible = useStore(ui, (s) => s.controlsVisible);
  const compact = useStore(ui, (s) => s.compact);
  const context = useMemo<PlayerContextValue | undefined>(
    () => (core ? { player: core, ui, strings: text, id, autoPlay } : undefined),
    [core, ui, text, id, autoPlay],
  );

  return (
    <div ref={slotRef} className="brume-player-slot">
      {createPortal(
        <div
          ref={rootRef}
          className={className ? `brume-player ${className}` : 'brume-player'}
          data-testid="brume-player"
          data-state={state?.status ?? 'idle'}
          data-controls={controlsVisible ? 'visible' : 'hidden'}
          data-compact={compact || undefined}
          role="region"
          aria-label={text.player}
          tabIndex={0}
        >
          <video className="brume-video" data-testid="player-video" playsInline />
          {context && (
            <PlayerContext.Provider value={context}>
              <PlayerSkin>{children}</PlayerSkin>
            </PlayerContext.Provider>
          )}
          <div className="brume-sr-only" role="status" aria-live="polite">
            <span data-testid="player-state">{statusText(state, text)}</span>
          </div>
        </div>,
        host,
      )}
    </div>
  );
}
