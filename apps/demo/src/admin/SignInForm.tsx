import { useState, type FormEvent } from 'react';

interface Props {
  error: string | undefined;
  onSignIn: (token: string) => Promise<boolean>;
}

/** Asks for the admin token when the admin API answers 401. */
export function SignInForm({ error, onSignIn }: Props) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const ok = await onSignIn(token);
    setBusy(false);
    if (ok) setToken('');
  };
  return (
    <form className="admin-sign-in" data-testid="admin-sign-in" onSubmit={(event) => void submit(event)}>
      <p className="admin-note">
        The admin API needs the server&apos;s admin token (<code>auth.adminToken</code> in its config file).
      </p>
      <div className="admin-row">
        <label htmlFor="admin-token">Admin token</label>
        <input
          id="admin-token"
          data-testid="admin-token-input"
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error ? true : undefined}
        />
        <button
          type="submit"
          className="button button--small"
          data-testid="admin-sign-in-button"
          disabled={busy}
        >
          Sign in
        </button>
      </div>
      {error ? (
        <p className="admin-error" role="alert" data-testid="admin-sign-in-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
