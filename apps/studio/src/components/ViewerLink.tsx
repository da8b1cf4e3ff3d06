import { useStudioState } from '../studio-context';

/** Where viewers watch the stream (the player at the site root), once it is on air. */
export function ViewerLink() {
  const name = useStudioState((s) => s.liveStreamName);
  const state = useStudioState((s) => s.publisherState);
  if (!name || (state !== 'live' && state !== 'reconnecting')) return null;
  const url = `${location.origin}/?stream=${encodeURIComponent(name)}`;
  return (
    <fieldset className="panel-section">
      <legend>Watch</legend>
      <a className="viewer-link" data-testid="viewer-link" href={url} target="_blank" rel="noreferrer">
        {url}
      </a>
    </fieldset>
  );
}
