import { removeSource, type SourceStatus } from '@brume/studio';
import { useRef, useState } from 'react';
import { ADD_CHOICES, specFor, type AddChoice } from '../source-defaults';
import { useStudio, useStudioState } from '../studio-context';
import { LayerIcon } from './LayerIcons';

const STATUS_LABELS: Record<SourceStatus['state'], string> = {
  opening: 'Opening…',
  live: 'Live',
  waiting: 'Waiting…',
  error: 'Error',
  ended: 'Stopped',
};

/** Every source of the collection with its state, and the "Add source" menu. */
export function SourcesPanel() {
  const controller = useStudio();
  const collection = useStudioState((s) => s.collection);
  const statuses = useStudioState((s) => s.sourceStatus);
  const [menuOpen, setMenuOpen] = useState(false);
  const [asking, setAsking] = useState<AddChoice | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);
  const pendingFileKind = useRef<'image' | 'video'>('image');
  if (!collection) return null;

  const choose = (choice: AddChoice) => {
    setMenuOpen(false);
    if (choice === 'image' || choice === 'video') {
      pendingFileKind.current = choice;
      fileInput.current?.click();
    } else if (choice === 'guest') {
      setAsking(choice);
    } else {
      controller.addSource(specFor(choice));
    }
  };

  return (
    <section className="panel" data-testid="sources-panel" aria-label="Sources">
      <header className="panel-header">
        <h2>Sources</h2>
        <div className="menu-anchor">
          <button
            type="button"
            className="button button-small"
            data-testid="add-source"
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen((open) => !open)}
          >
            + Source
          </button>
          {menuOpen && (
            <ul className="menu" role="menu" data-testid="add-source-menu">
              {ADD_CHOICES.map(({ choice, label, hint }) => (
                <li key={choice} role="none">
                  <button
                    type="button"
                    role="menuitem"
                    data-choice={choice}
                    title={hint}
                    onClick={() => choose(choice)}
                  >
                    {label}
                    <small>{hint}</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </header>
      <input
        ref={fileInput}
        type="file"
        hidden
        data-testid="source-file"
        accept="image/*,video/*"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void controller.addFile(file);
        }}
      />
      {asking === 'guest' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const stream = String(new FormData(e.currentTarget).get('stream') ?? '').trim();
            if (stream) controller.addSource(specFor('guest', stream), `Guest ${stream}`);
            setAsking(undefined);
          }}
        >
          <input name="stream" aria-label="Guest stream name" placeholder="Guest's stream name" autoFocus />
          <button type="submit" className="button button-small">
            Add
          </button>
          <button type="button" className="button button-small" onClick={() => setAsking(undefined)}>
            Cancel
          </button>
        </form>
      )}
      <ul className="list">
        {collection.sources.map((source) => {
          const status = statuses[source.id] ?? { state: 'opening' };
          return (
            <li
              key={source.id}
              className="list-row"
              data-testid="source-row"
              data-source-id={source.id}
              data-kind={source.spec.kind}
              data-status={status.state}
            >
              <span className="list-name" title={source.name}>
                {source.name}
              </span>
              <span className={`status status-${status.state}`}>{STATUS_LABELS[status.state]}</span>
              {source.spec.kind !== 'microphone' && (
                <button
                  type="button"
                  className="icon-button"
                  title="Add to the scene"
                  aria-label={`Add ${source.name} to the scene`}
                  onClick={() => controller.addLayerOf(source.id)}
                >
                  <LayerIcon name="plus" />
                </button>
              )}
              <button
                type="button"
                className="icon-button"
                title="Remove source (from every scene)"
                aria-label={`Remove ${source.name}`}
                onClick={() => controller.edit((c) => removeSource(c, source.id))}
              >
                <LayerIcon name="trash" />
              </button>
              {(status.state === 'error' || status.state === 'ended') && (
                <p className="source-problem" role="alert" data-testid="source-error">
                  {status.state === 'error' ? status.error.message : status.reason}{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => controller.retrySource(source.id)}
                  >
                    Retry
                  </button>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
