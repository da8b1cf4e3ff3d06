import { AdminStreams } from './AdminStreams';
import type { AdminStore } from './admin-store';
import { SignInForm } from './SignInForm';
import { StreamsConfigPanel } from './StreamsConfigPanel';
import { defaultAdminStore, useAdminStore } from './use-admin-store';

interface Props {
  /** Tests pass a store with a fake fetch; the page uses sessionStorage and its own origin. */
  createStore?: () => AdminStore;
}

/**
 * The dashboard's admin side: asks for the admin token when the API answers 401 (kept for this
 * tab), then shows sessions with Kick buttons, the recording toggle and the stream entries. On the
 * server's machine with no token configured it is open without one.
 */
export function AdminPanel({ createStore = defaultAdminStore }: Props) {
  const [store, state] = useAdminStore(createStore);
  return (
    <section className="card admin" data-testid="admin-panel" data-access={state.access}>
      <header className="card__header">
        <h2>Admin</h2>
        {state.access === 'signed-in' ? (
          state.local ? (
            <span className="pill" title="The server has no admin token: it lets its own machine in">
              local access
            </span>
          ) : (
            <button
              type="button"
              className="button button--small button--quiet"
              data-testid="admin-sign-out"
              onClick={() => void store.signOut()}
            >
              Sign out
            </button>
          )
        ) : null}
      </header>
      {state.access === 'checking' ? <p className="empty">Checking admin access…</p> : null}
      {state.access === 'signed-out' ? (
        <SignInForm error={state.accessError} onSignIn={(token) => store.signIn(token)} />
      ) : null}
      {state.access === 'forbidden' || state.access === 'unreachable' ? (
        <div className="admin-row">
          <p className="admin-error" role="alert" data-testid="admin-access-error">
            {state.accessError}
          </p>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => void store.start()}
          >
            Retry
          </button>
        </div>
      ) : null}
      {state.access === 'signed-in' ? (
        <>
          {state.actionError ? (
            <div className="admin-row admin-banner" role="alert" data-testid="admin-error">
              <span>{state.actionError}</span>
              <button
                type="button"
                className="link"
                aria-label="Dismiss"
                onClick={() => store.dismissActionError()}
              >
                ×
              </button>
            </div>
          ) : null}
          {state.pollError ? <p className="pill pill--warn">refresh failed: {state.pollError}</p> : null}
          <AdminStreams
            streams={state.streams}
            sessions={state.sessions}
            pending={state.pending}
            store={store}
          />
          <StreamsConfigPanel streams={state.streams} pending={state.pending} store={store} />
        </>
      ) : null}
    </section>
  );
}
