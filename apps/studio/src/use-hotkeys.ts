import { useEffect } from 'react';
import { hotkeyAction, isTypingTarget } from './hotkeys';
import type { StudioController } from './studio-controller';

/** Page-wide studio shortcuts (see hotkeys.ts); the canvas editor handles its own keys. */
export function useHotkeys(controller: StudioController): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || isTypingTarget(event.target)) return;
      const state = controller.store.getState();
      const action = hotkeyAction(event, state.collection);
      if (!action) return;
      event.preventDefault();
      switch (action.type) {
        case 'scene':
          void controller.switchScene(action.sceneId);
          break;
        case 'take':
          void controller.take();
          break;
        case 'toggle-live':
          if (state.publisherState === 'idle' || state.publisherState === 'error') void controller.goLive();
          else void controller.stop();
          break;
        case 'toggle-record':
          if (state.recordingState === 'recording') void controller.stopRecording();
          else if (state.recordingState !== 'starting' && state.recordingState !== 'stopping')
            void controller.startRecording('mp4');
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);
}
