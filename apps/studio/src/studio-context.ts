import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StudioController } from './studio-controller';
import type { StudioState } from './studio-store';
import type { MixerLevels } from '@brume/studio';

export const StudioContext = createContext<StudioController | undefined>(undefined);

export function useStudio(): StudioController {
  const controller = useContext(StudioContext);
  if (!controller) throw new Error('useStudio() needs a <StudioContext.Provider>');
  return controller;
}

/** Reads one slice of the studio state and re-renders when it changes. */
export function useStudioState<T>(selector: (state: StudioState) => T): T {
  return useStore(useStudio().store, selector);
}

/** The mixer's levels (30 updates a second): only meters should read these. */
export function useLevels(): MixerLevels | undefined {
  return useStore(useStudio().levels, (s) => s.levels);
}
