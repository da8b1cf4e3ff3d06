import { useEffect, useState } from 'react';

/**
 * The lines that put this stream on any web page (by call, with a metadata callback, or by
 * attribute), with a copy button.
 */
export function EmbedSnippet({ stream }: { stream: string }) {
  const origin = window.location.origin;
  const name = JSON.stringify(stream).replace(/"/g, "'");
  const code =
    `<div id="player"></div>\n<script src="${origin}/player.js"></script>\n` +
    `<script>\n  Brume.play(${name}, {\n    target: '#player',\n` +
    `    // Timed metadata: a callback per track ('*': every track), on the frame it belongs to.\n` +
    `    onMetadata: { '*': (event) => console.log(event.track, event.time, event.data) },\n  });\n</script>\n\n` +
    `<!-- or, without a script of your own: -->\n<div data-brume-stream="${stream}"></div>`;
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
