import { useEffect, useRef } from 'react';
import { useStudio, useStudioState } from '../studio-context';

/** What is being sent, muted (the studio never plays its own audio back). */
export function Preview() {
  const studio = useStudio();
  const video = useRef<HTMLVideoElement>(null);
  const sourceVersion = useStudioState((s) => s.sourceVersion);
  const status = useStudioState((s) => s.sourceStatus);
  const sourceError = useStudioState((s) => s.sourceError);
  const publisherState = useStudioState((s) => s.publisherState);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = studio.previewStream ?? null;
    return () => {
      element.srcObject = null;
    };
  }, [studio, sourceVersion]);

  return (
    <div className="preview" data-publisher-state={publisherState}>
      <video ref={video} data-testid="preview" muted autoPlay playsInline />
      {publisherState === 'live' && <span className="on-air">On air</span>}
      {status === 'opening' && <div className="preview-overlay">Opening source…</div>}
      {status === 'error' && (
        <div className="preview-overlay preview-overlay-error" role="alert" data-testid="source-error">
          {sourceError}
        </div>
      )}
    </div>
  );
}
