import { useEffect, useState } from 'react';

/** The two lines that put this stream on any web page, with a copy button. */
export function EmbedSnippet({ stream }: { stream: string }) {
  const origin = window.location.origin;
  const code = `<script src="${origin}/player.js"></script>\n<div data-brume-stream="${stream}"></div>`;
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      // No clipboard permission (e.g. plain http on another host): the text stays selectable.
      setCopied(false);
    }
  };
  return (
    <section className="card embed">
      <header className="card__header">
        <h2>Embed</h2>
        <button
          type="button"
          className="button button--small"
          data-testid="copy-embed"
          onClick={() => void copy()}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </header>
      <pre className="code" data-testid="embed-code">
        {code}
      </pre>
    </section>
  );
}
