import { useEffect, useState, useSyncExternalStore } from 'react';
import { AdminStore, type AdminState } from './admin-store';

/** The page's admin store (started on mount, stopped on unmount) and its state. */
export function useAdminStore(create: () => AdminStore): [AdminStore, AdminState] {
  const [store] = useState(create);
  useEffect(() => {
    void store.start();
    return () => store.dispose();
  }, [store]);
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return [store, state];
}

/** The store the dashboard uses: this tab's sessionStorage, the page's own origin. */
export function defaultAdminStore(): AdminStore {
  let storage: Storage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = undefined; // storage blocked: the token lives in memory only
  }
  return new AdminStore(storage ? { storage } : {});
}
