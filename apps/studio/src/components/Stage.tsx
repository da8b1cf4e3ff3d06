import { outputFormat, setTransition, type TransitionKind } from '@brume/studio';
import { useEffect, useRef } from 'react';
import { editedSceneId } from '../studio-store';
import { useStudio, useStudioState } from '../studio-context';
import type { StudioPopOut } from '../use-pop-out';
import { CanvasEditor } from './CanvasEditor';
import { PopOutSlot } from './PopOutSlot';

const TRANSITIONS: readonly { kind: TransitionKind; label: string }[] = [
  { kind: 'cut', label: 'Cut' },
  { kind: 'fade', label: 'Fade' },
  { kind: 'slide', label: 'Slide' },
  { kind: 'wipe', label: 'Wipe' },
];

/**
 * The program output as the viewers get it (muted: the studio never plays its own mix back). It
 * renders into the program's pop-out host (`PopOutSlot`), which the pop-out moves into the Document
 * Picture-in-Picture window and back: the same <video> keeps playing the program. While it is out,
 * an empty screen with a note holds its place.
 */
function ProgramView({ popOut }: { popOut: StudioPopOut }) {
  const controller = useStudio();
  const ready = useStudioState((s) => s.ready);
  const publisherState = useStudioState((s) => s.publisherState);
  const video = useRef<HTMLVideoElement>(null);
  const poppedOut = popOut.isOut('program');
  useEffect(() => {
    const element = video.current;
    const engine = controller.engine;
    if (!element || !engine) return;
    // Video only: the mix is for the stream, not for this tab's speakers. Bound again after each
    // move between the page and the pop-out window: Chromium sometimes stops presenting a
    // MediaStream video that comes back from a closed Picture-in-Picture window (time runs on, no
    // frame is drawn), and a fresh stream on the element draws again. It is only a monitor: no
    // engine or connection restarts.
    element.srcObject = new MediaStream(engine.program.getVideoTracks());
    return () => {
      element.srcObject = null;
    };
  }, [controller, ready, poppedOut]);
  return (
    <PopOutSlot
      popOut={popOut}
      part="program"
      away={
        <div className="screen screen-away" data-testid="program-away">
          Program in the pop-out window
        </div>
      }
    >
      <div className="screen" data-publisher-state={publisherState}>
        <video ref={video} data-testid="program" muted autoPlay playsInline aria-label="Program output" />
        {publisherState === 'live' && <span className="on-air">On air</span>}
      </div>
    </PopOutSlot>
  );
}

/** Studio mode's preview: the compositor draws the next scene into this canvas. */
function PreviewView() {
  const controller = useStudio();
  const ready = useStudioState((s) => s.ready);
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const engine = controller.engine;
    const element = holder.current;
    if (!engine || !element) return;
    // A canvas handed to the worker cannot be taken back: each mount makes a fresh one.
    const canvas = document.createElement('canvas');
    canvas.dataset.testid = 'preview-canvas';
    canvas.setAttribute('aria-label', 'Preview');
    element.append(canvas);
    engine.attachPreview(canvas);
    return () => canvas.remove();
  }, [controller, ready]);
  return <div className="screen" ref={holder} />;
}

function TransitionBar() {
  const controller = useStudio();
  const transition = useStudioState((s) => s.collection?.transition);
  const running = useStudioState((s) => s.transitionRunning);
  const studioMode = useStudioState((s) => s.collection?.previewSceneId !== undefined);
  if (!transition) return null;
  return (
    <div className="transition-bar" data-testid="transition-bar">
      <label className="field-inline">
        <span>Transition</span>
        <select
          data-testid="transition-kind"
          value={transition.kind}
          onChange={(e) =>
            controller.edit((c) => setTransition(c, { kind: e.target.value as TransitionKind }))
          }
        >
          {TRANSITIONS.map(({ kind, label }) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {transition.kind !== 'cut' && (
        <label className="field-inline">
          <span>Duration</span>
          <input
            type="number"
            data-testid="transition-duration"
            min={50}
            max={10_000}
            step={50}
            value={transition.durationMs}
            onChange={(e) => {
              const durationMs = Number(e.target.value);
              if (Number.isFinite(durationMs) && durationMs > 0)
                controller.edit((c) => setTransition(c, { durationMs }));
            }}
          />
          <span>ms</span>
        </label>
      )}
      {(transition.kind === 'slide' || transition.kind === 'wipe') && (
        <select
          aria-label="Direction"
          value={transition.direction ?? 'left'}
          onChange={(e) =>
            controller.edit((c) =>
              setTransition(c, { direction: e.target.value as 'left' | 'right' | 'up' | 'down' }),
            )
          }
        >
          <option value="left">From the right</option>
          <option value="right">From the left</option>
          <option value="up">From below</option>
          <option value="down">From above</option>
        </select>
      )}
      {studioMode && (
        <button
          type="button"
          className="button button-take"
          data-testid="take"
          title="Put the preview on air (Enter)"
          disabled={running}
          onClick={() => void controller.take()}
        >
          Take
        </button>
      )}
      {running && <span className="status status-opening">Transition…</span>}
    </div>
  );
}

/**
 * The picture: the program, with the editor over it; in studio mode the preview (edited) beside the
 * program, with Take between them.
 */
export function Stage({ popOut }: { popOut: StudioPopOut }) {
  const controller = useStudio();
  const program = <ProgramView popOut={popOut} />;
  const collection = useStudioState((s) => s.collection);
  const startError = useStudioState((s) => s.startError);
  if (startError) {
    return (
      <div className="stage-error" role="alert" data-testid="start-error">
        The studio could not start: {startError}
      </div>
    );
  }
  if (!collection) return null;
  const frame = outputFormat(collection.output.preset);
  const sceneId = editedSceneId(collection);
  const studioMode = collection.previewSceneId !== undefined;
  return (
    <section className="stage" data-studio-mode={studioMode}>
      <div className="stage-head">
        <label className="toggle">
          <input
            type="checkbox"
            data-testid="studio-mode"
            checked={studioMode}
            onChange={(e) => controller.setStudioMode(e.target.checked)}
          />
          Studio mode
        </label>
      </div>
      <div className="screens">
        {studioMode && sceneId && (
          <figure className="screen-box">
            <figcaption>Preview</figcaption>
            <CanvasEditor sceneId={sceneId} frame={frame}>
              <PreviewView />
            </CanvasEditor>
          </figure>
        )}
        <figure className="screen-box">
          <figcaption>
            {studioMode ? 'Program' : 'Program · drag layers to edit'}
            {popOut.available && (
              <button
                type="button"
                className="button button-small"
                data-testid="program-pop-out"
                aria-pressed={popOut.isOut('program')}
                aria-label={popOut.isOut('program') ? 'Program back to page' : 'Pop out program'}
                title="Watch the program in a small window that stays on top of other tabs (with the stats if they are out)"
                onClick={() => popOut.toggle('program')}
              >
                {popOut.isOut('program') ? 'Back to page' : 'Pop out'}
              </button>
            )}
          </figcaption>
          {studioMode || !sceneId ? (
            program
          ) : (
            <CanvasEditor sceneId={sceneId} frame={frame}>
              {program}
            </CanvasEditor>
          )}
        </figure>
      </div>
      <TransitionBar />
    </section>
  );
}
